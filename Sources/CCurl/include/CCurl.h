#ifndef FIELDSYNC_CCURL_H
#define FIELDSYNC_CCURL_H

#include <curl/curl.h>

// Swift cannot call C variadic functions, so curl_easy_setopt and
// curl_easy_getinfo get one typed wrapper per argument type.

CURLcode fieldsync_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode fieldsync_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode fieldsync_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode fieldsync_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*fieldsync_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);
CURLcode fieldsync_curl_setopt_write_callback(CURL *handle, fieldsync_curl_data_callback callback);
CURLcode fieldsync_curl_setopt_read_callback(CURL *handle, fieldsync_curl_data_callback callback);
CURLcode fieldsync_curl_setopt_header_callback(CURL *handle, fieldsync_curl_data_callback callback);

typedef int (*fieldsync_curl_progress_callback)(void *context, curl_off_t download_total, curl_off_t download_now,
                                               curl_off_t upload_total, curl_off_t upload_now);
CURLcode fieldsync_curl_setopt_progress_callback(CURL *handle, fieldsync_curl_progress_callback callback);

CURLcode fieldsync_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode fieldsync_curl_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
