using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>
/// Decides how a CSV file from a Japanese office is encoded: UTF-8 (with or without BOM) or CP932
/// (Shift_JIS with the NEC/IBM extensions such as 髙 and 﨑). Decoders throw on invalid bytes, so a
/// file that is neither never turns into silent replacement characters.
/// </summary>
public static class TextEncodingDetector
{
    private const int SampleSize = 1 << 20;

    /// <summary>Strict UTF-8: throws on invalid bytes.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Strict CP932: throws on bytes it cannot decode and characters it cannot encode.</summary>
    public static Encoding Cp932 { get; } = CreateCp932();

    private static Encoding CreateCp932()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Reads the start of <paramref name="stream"/> (which must be seekable) and rewinds it.</summary>
    public static Encoding Detect(Stream stream)
    {
        var buffer = new byte[SampleSize];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }
        stream.Seek(0, SeekOrigin.Begin);
        if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
        {
            return Utf8;
        }
        // A sample cut in the middle of a UTF-8 sequence is still UTF-8: ignore up to 3 trailing bytes.
        var end = length == buffer.Length ? TrimIncompleteUtf8(buffer, length) : length;
        try
        {
            Utf8.GetCharCount(buffer, 0, end);
            return Utf8;
        }
        catch (DecoderFallbackException)
        {
            return Cp932;
        }
    }

    /// <summary>
    /// Recognizes the encodings Japanese offices sometimes send that this import does not read: UTF-16 (a byte-order
    /// mark or NUL bytes, which CSV text never holds) and EUC-JP (every non-ASCII byte in EUC-JP's ranges, which
    /// CP932 text never manages: its kanji and kana use lead bytes 0x81–0x9F). Returns the encoding's name, or
    /// null for anything else. Reads the start of <paramref name="stream"/> (which must be seekable) and rewinds it.
    /// </summary>
    public static string? DetectUnsupported(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }
        stream.Seek(0, SeekOrigin.Begin);
        var sample = buffer.AsSpan(0, length);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || sample.IndexOf((byte)0) >= 0)
        {
            return "UTF-16";
        }
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return null;
        }
        return LooksLikeEucJp(sample) ? "EUC-JP" : null;
    }

    private static bool LooksLikeEucJp(ReadOnlySpan<byte> sample)
    {
        var pairs = 0;
        var i = 0;
        while (i < sample.Length)
        {
            var b = sample[i];
            var size = b switch
            {
                < 0x80 => 1,
                0x8E => 2,          // half-width katakana
                0x8F => 3,          // JIS X 0212
                >= 0xA1 and <= 0xFE => 2,
                _ => 0,
            };
            if (size == 0)
            {
                return false;
            }
            if (i + size > sample.Length)
            {
                break; // cut at the end of the sample
            }
            for (var k = 1; k < size; k++)
            {
                if (sample[i + k] is < 0xA1 or > 0xFE)
                {
                    return false;
                }
            }
            if (size > 1)
            {
                pairs++;
            }
            i += size;
        }
        if (pairs == 0)
        {
            return false;
        }
        // Valid UTF-8 is UTF-8, whatever it would also look like.
        try
        {
            Utf8.GetCharCount(sample[..TrimIncompleteUtf8(sample.ToArray(), sample.Length)]);
            return false;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }

    /// <summary>A display name for messages and audit rows.</summary>
    public static string Name(Encoding encoding) => encoding.CodePage == 932 ? "CP932" : "UTF-8";

    private static int TrimIncompleteUtf8(byte[] buffer, int length)
    {
        for (var back = 1; back <= 3 && length - back >= 0; back++)
        {
            var b = buffer[length - back];
            if ((b & 0xC0) == 0xC0)
            {
                return length - back;
            }
            if ((b & 0x80) == 0)
            {
                break;
            }
        }
        return length;
    }
}
