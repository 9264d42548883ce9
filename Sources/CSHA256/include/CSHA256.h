#ifndef APX_CSHA256_H
#define APX_CSHA256_H
#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU runs the SHA-256 instructions (x86 SHA extensions with SSSE3 and SSE4.1), else 0.
int apx_sha256_hw_available(void);

/// FIPS 180-4 compression of `blocks` consecutive 64-byte blocks at `data` (any alignment) into
/// `state` (h0 … h7, host order). Only when apx_sha256_hw_available() returned 1.
void apx_sha256_hw_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
