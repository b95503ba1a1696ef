# Shortcuts for scripts/dev.sh, which installs what it needs first.
.PHONY: site test test-fast lint setup check clean

site:
	bash scripts/dev.sh site

test:
	bash scripts/dev.sh test

test-fast:
	bash scripts/dev.sh fast

lint:
	bash scripts/dev.sh lint

setup:
	bash scripts/dev.sh setup

check: setup
	.venv/bin/python build.py check

clean:
	rm -rf site/ .cache/ dist/
