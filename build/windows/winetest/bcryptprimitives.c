/*
 * Stand-in for bcryptprimitives.dll, for the Wine smoke test ONLY.
 *
 * The Go runtime (1.22 and later) loads bcryptprimitives.dll from system32 and
 * calls ProcessPrng for its random numbers. Debian's Wine 8 ships no such DLL,
 * so a Go program dies at start-up under it. This DLL exports ProcessPrng over
 * RtlGenRandom (advapi32!SystemFunction036), which Wine has.
 *
 * scripts/windows-smoke.sh builds it with mingw-w64 into a temporary folder and
 * copies it into the throwaway WINEPREFIX's system32. It is never shipped with
 * zoomconn.exe: real Windows 10 and 11 have the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

/* ProcessPrng fills data with size random bytes and, like the real one, always
 * returns TRUE: callers are told it cannot fail, so it aborts rather than lie. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!SystemFunction036(data, n)) {
            ExitProcess(3);
        }
        data += n;
        size -= n;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
