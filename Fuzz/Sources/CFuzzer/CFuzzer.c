// Nothing to compile: the target exists for its header (LLVMFuzzerRunDriver lives in the
// libFuzzer runtime that -sanitize=fuzzer links).
#include "CFuzzer.h"
