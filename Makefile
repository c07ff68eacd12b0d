# Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    creates .venv when missing, installs, builds translations, starts the GUI
#   make test   the same set-up, then ruff, mypy and the whole pytest suite (Qt offscreen)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test test-fast lint typecheck pytest translations i18n-update screenshots slips wheel package clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; }
	@echo "make: creating $(VENV) and installing hukou-desk with its libraries (PySide6, SQLCipher...):"
	@echo "      the first time this downloads about 300 MB and takes a few minutes."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	@echo "make: $(VENV) is ready."
	@touch $@

resources/i18n/%.qm: resources/i18n/%.ts $(BIN)/.installed
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# After changing UI strings: refresh the .ts, then translate the new entries (Qt Linguist).
i18n-update: $(BIN)/.installed
	$(BIN)/pyside6-lupdate hukou_desk/app.py hukou_desk/start.py hukou_desk/ui/*.py hukou_desk/ui/window/*.py -no-obsolete -locations none \
	  -ts resources/i18n/hukou_desk_zh_CN.ts

run: $(BIN)/.installed translations
	@echo "make: starting the desk (hukou-desk; its data folder: \$$HUKOU_DESK_HOME or the user's data folder)."
	$(BIN)/hukou-desk

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# Coverage is held per package (tools/coverage_floors.py): the Qt-free domain at 100% of its
# lines, services and storage at 90%; the command fails naming the package and its figure.
COVERED := domain services storage
pytest: $(BIN)/.installed translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 \
	  $(foreach p,$(COVERED),--cov=hukou_desk.$(p)) \
	  --cov-report=term-missing:skip-covered --cov-report=json:.coverage.json
	$(BIN)/python tools/coverage_floors.py .coverage.json

test: lint typecheck pytest

# The quick round while working: every test not marked slow (under a minute on two cores;
# docs/testing.md). `make test` runs everything, as CI does, also on two processes.
test-fast: $(BIN)/.installed translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" -n 2 -q

# The wheel carries forms/ and resources/ (with the built .qm) inside the package.
# Every main screen, both languages, from the real screens offscreen, into docs/screenshots/.
screenshots: $(BIN)/.installed translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m hukou_desk.screenshots docs/screenshots

# One sample of each printed slip, as PDF and PNG, into docs/slips/.
slips: $(BIN)/.installed
	$(BIN)/python -m hukou_desk.slips.samples docs/slips

wheel: $(BIN)/.installed translations
	$(BIN)/python -m pip wheel --no-deps . -w dist

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache $(QM)

# The one-folder station bundle (PyInstaller): dist/hukou-desk/hukou-desk[.exe]
package: $(BIN)/.installed translations
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller \
	  packaging/hukou-desk.spec
