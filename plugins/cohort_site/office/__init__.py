"""Office files the project writes and reads (Word): shared basics in `docx_base`, one module per
document kind beside it."""
