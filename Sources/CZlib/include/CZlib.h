#ifndef FIELDSYNC_CZLIB_H
#define FIELDSYNC_CZLIB_H

#include <stddef.h>
#include <stdint.h>

// gzip-compresses `length` bytes of `input` at zlib `level` (1 fastest … 9 smallest) into a
// malloc'd buffer the caller frees. Returns 0 on success. (zlib's deflateInit2 is a macro,
// which Swift cannot call.)
int fieldsync_gzip(const uint8_t *input, size_t length, int level, uint8_t **output, size_t *output_length);

#endif
