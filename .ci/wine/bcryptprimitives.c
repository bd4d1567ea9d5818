/* CI only, never shipped: Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's std
 * calls at start-up. Built by .ci/cross and placed beside the Windows test executables. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    for (; len > 0x10000; data += 0x10000, len -= 0x10000)
        if (!SystemFunction036(data, 0x10000)) return FALSE;
    return SystemFunction036(data, (ULONG)len);
}
