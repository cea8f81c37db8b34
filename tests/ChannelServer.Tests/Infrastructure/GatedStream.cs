using System.Text;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>An output that keeps what is written; while closed, a write blocks as a stuck stdout would.</summary>
public sealed class GatedStream(bool open = true) : Stream
{
    private readonly ManualResetEventSlim _gate = new(open);
    private readonly MemoryStream _data = new();

    public void Open() => _gate.Set();

    public string[] Lines
    {
        get
        {
            lock (_data)
            {
                return Encoding.UTF8.GetString(_data.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_gate.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new IOException("the gate stayed closed");
        }

        lock (_data)
        {
            _data.Write(buffer);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
            _data.Dispose();
        }

        base.Dispose(disposing);
    }
}
