# Zoom Connections. On a fresh Debian or Ubuntu machine:
#   scripts/run.sh    installs what is missing, builds and opens the window
#   scripts/test.sh   installs what is missing and runs every check
# (make run / make test call the same scripts.)
.PHONY: run test build console windows windows-smoke screenshots bench paths package

VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -s -w -X main.version=$(VERSION)

run:
	scripts/run.sh

build:
	scripts/deps.sh build
	PATH="$$PATH:/usr/local/go/bin" go build -trimpath -ldflags "$(LDFLAGS)" -o zoomconn .

# The command line without the window (no Fyne, pure Go): zoomconn-console.
console:
	PATH="$$PATH:/usr/local/go/bin" CGO_ENABLED=0 go build -tags console -trimpath -ldflags "$(LDFLAGS)" -o zoomconn-console .

test:
	scripts/test.sh

windows:
	scripts/windows-build.sh

windows-smoke:
	scripts/windows-smoke.sh

screenshots:
	scripts/screenshots.sh

bench:
	bench/startup.sh

# Issue 11's four paths counted on the real binary under Xvfb.
paths:
	bench/paths.sh

package:
	scripts/package.sh
