#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H
// glibc's malloc_trim, which the Glibc module does not import. Linux only: other systems have no <malloc.h>
// and no malloc_trim, and their callers guard with #if os(Linux).
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
