# juesuan — all set-up lives here, so a fresh machine (and CI) needs only `make run` / `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= juesuan.db

.PHONY: run scan test setup browser lint docs bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

# main job: scan the sample corpus into SQLite, then open the inspector workspace
run: scan
	$(BIN)/juesuan ui --db $(DB)

scan: setup
	$(BIN)/juesuan scan corpus --out out --db $(DB)

# Debian chromium + CJK fonts for the real-browser UI test (root on CI; skipped when present)
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; fi; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench tools

docs: setup
	$(BIN)/python -m juesuan.rules.catalog > docs/rules.md

test: setup browser lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench.bench_parse
	$(BIN)/python -m bench.bench_rules
	$(BIN)/python -m bench.bench_ui
	$(BIN)/python -m bench.bench_scan --n 300 --workers 2
	$(BIN)/python -m bench.bench_read --n 300 --workers 2

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
