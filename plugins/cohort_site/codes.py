"""全国地方公共団体コード: normalising and validating 6-digit municipality codes."""

from __future__ import annotations

import re
import unicodedata

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)

_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


def normalise_code(value: object) -> object:
    """Full-width digits to ASCII (NFKC), surrounding blanks removed; an int keeps its zeros."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value).zfill(6)
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value


def check_digit(first_five: str) -> int:
    """JIS X 0402 check digit: weights 6,5,4,3,2; c = 11 - (S mod 11), last digit kept."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def code_check(code: str) -> tuple[str, str] | None:
    """None for a well-formed code, else (checker rule id, the Japanese reason it is not)."""
    if not _SIX_DIGITS.match(code):
        return "municipality-code-format", f"団体コード「{code}」は6桁の数字ではありません"
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        return "municipality-code-check-digit", f"団体コード「{code}」の検査数字が合いません（末尾は {expected} のはずです）"
    return None


def code_problem(code: str) -> str | None:
    """None for a well-formed code, else the Japanese reason it is not."""
    found = code_check(code)
    return found[1] if found else None


def prefecture_of(code: str) -> str | None:
    number = int(code[:2]) if code[:2].isdigit() else 0
    return PREFECTURES[number - 1] if 1 <= number <= len(PREFECTURES) else None
