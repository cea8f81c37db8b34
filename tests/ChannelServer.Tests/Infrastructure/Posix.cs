using System.Runtime.InteropServices;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>rename(2) as kubelet calls it: File.Move refuses a symlink to a directory as its source.</summary>
internal static class Posix
{
    public static void Rename(string source, string destination)
    {
        if (NativeMethods.rename(source, destination) != 0)
        {
            throw new IOException($"rename {source} -> {destination} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int rename(string oldpath, string newpath);
    }
}
