# The two commands the README opens with.
.PHONY: demo test lint golden bench

# The example inventory's secrets are vault-encrypted; its throwaway password is in docs/examples.
export NETWARDEN_VAULT_PASSWORD_FILE ?= $(CURDIR)/docs/examples/example-vault-password.txt
# ansible-playbook decrypts it itself (or --vault-password-file, --vault-id, AWX's vault credential)
export ANSIBLE_VAULT_PASSWORD_FILE ?= $(NETWARDEN_VAULT_PASSWORD_FILE)

demo:
	./scripts/setup.sh
	.venv/bin/netwarden validate -i inventories/example
	.venv/bin/netwarden render -i inventories/example -o build/example
	.venv/bin/netwarden verify -i inventories/example --format html -o build/example-verify.html
	.venv/bin/netwarden verify -i inventories/example

test:
	./scripts/setup.sh --lab
	.venv/bin/python -m pytest -q

lint:
	.venv/bin/ruff check src tests plugins bench
	.venv/bin/mypy
	.venv/bin/ansible-lint playbooks/ roles/

golden:
	.venv/bin/python -m pytest -q tests/golden --update-golden

bench:
	./scripts/setup.sh --lab
	.venv/bin/python bench/run.py --quick --out build/benchmarks.md
