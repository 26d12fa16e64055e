using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>
/// A byte sequence that is no character in the file's encoding, with the physical line it is on (counted from the
/// line feeds in the bytes before it, not from the records read so far: a reader decodes ahead of its records).
/// </summary>
public sealed class TextDecodingException(int line, string encodingName, byte[] bytes)
    : CsvFormatException(line, Describe(line, encodingName, bytes))
{
    /// <summary>The bytes that are no character.</summary>
    public IReadOnlyList<byte> Bytes { get; } = bytes;

    /// <summary>The reason without the line, for <see cref="ImportError.Reason"/>.</summary>
    public string Reason { get; } = Describe(encodingName, bytes);

    private static string Describe(int line, string encodingName, byte[] bytes) => $"{line}行目: {Describe(encodingName, bytes)}";

    private static string Describe(string encodingName, byte[] bytes)
    {
        var hex = string.Join(" ", bytes.Select(b => $"0x{b:X2}"));
        if (encodingName == "CP932" && bytes.Length == 2 && StrictCp932Encoding.IsUserDefinedLead(bytes[0]))
        {
            return $"外字（利用者定義文字 {hex}）は取り込めません。標準の文字に置き換えて保存し直してください";
        }
        return encodingName == "CP932"
            ? $"Shift_JIS (CP932) の文字ではないバイトがあります（{hex}）。UTF-8 か Shift_JIS (CP932) で保存し直してください"
            : $"UTF-8 として読めないバイトがあります（{hex}）。UTF-8 か Shift_JIS (CP932) で保存し直してください";
    }
}

/// <summary>
/// Wraps a strict decoder and counts the line feeds it has decoded, so an invalid byte is reported with its true
/// line whatever the reader's buffer size. A line feed (0x0A) is a single-byte character in both UTF-8 and CP932
/// (no trail byte is 0x0A), so counting bytes counts lines.
/// </summary>
internal sealed class LineCountingDecoder(Decoder inner, string encodingName) : Decoder
{
    private int line = 1;

    public override void Reset()
    {
        inner.Reset();
        line = 1;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes, index, count, flush: false);

    public override int GetCharCount(byte[] bytes, int index, int count, bool flush) => GetCharCount(bytes.AsSpan(index, count), flush);

    public override int GetCharCount(ReadOnlySpan<byte> bytes, bool flush)
    {
        try
        {
            return inner.GetCharCount(bytes, flush);
        }
        catch (DecoderFallbackException e)
        {
            throw Located(e, bytes);
        }
    }

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes, byteIndex, byteCount, chars, charIndex, flush: false);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, bool flush) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush);

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
    {
        int written;
        try
        {
            written = inner.GetChars(bytes, chars, flush);
        }
        catch (DecoderFallbackException e)
        {
            throw Located(e, bytes);
        }
        line += bytes.Count((byte)'\n');
        return written;
    }

    // Index is relative to this call's bytes; negative when the bad sequence began with bytes kept from the
    // previous call, which hold no line feed (they are the start of a multi-byte character).
    private TextDecodingException Located(DecoderFallbackException e, ReadOnlySpan<byte> bytes)
    {
        var before = Math.Clamp(e.Index, 0, bytes.Length);
        return new TextDecodingException(line + bytes[..before].Count((byte)'\n'), encodingName, e.BytesUnknown ?? []);
    }
}

/// <summary>Strict UTF-8 (throws on invalid bytes) whose stream decoder names the line of an invalid byte.</summary>
internal sealed class StrictUtf8Encoding() : UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
{
    public override Decoder GetDecoder() => new LineCountingDecoder(base.GetDecoder(), "UTF-8");
}
