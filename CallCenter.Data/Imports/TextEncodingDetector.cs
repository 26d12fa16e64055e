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

    /// <summary>
    /// Strict UTF-8: throws on invalid bytes; its stream decoder throws <see cref="TextDecodingException"/> naming
    /// the line.
    /// </summary>
    public static Encoding Utf8 { get; } = new StrictUtf8Encoding();

    /// <summary>
    /// Strict CP932 (<see cref="StrictCp932Encoding"/>): decodes every character in all its forms (NEC special,
    /// NEC-selected IBM and IBM extensions), throws on bytes that are no character and on characters it cannot
    /// encode; its stream decoder throws <see cref="TextDecodingException"/> naming the line.
    /// </summary>
    public static Encoding Cp932 { get; } = StrictCp932Encoding.Instance;

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
        var (utf8Characters, utf8Errors) = ScanUtf8(buffer.AsSpan(0, end));
        if (utf8Errors == 0)
        {
            return Utf8;
        }
        // Invalid somewhere. A file that is CP932 throughout is CP932; one that is mostly well-formed multi-byte
        // UTF-8 with a few bad bytes is a damaged UTF-8 file, and its error must name UTF-8 and the line.
        if (IsCp932(buffer.AsSpan(0, length), cutAtEnd: length == buffer.Length))
        {
            return Cp932;
        }
        return utf8Characters >= 4 * utf8Errors ? Utf8 : Cp932;
    }

    /// <summary>Counts well-formed multi-byte UTF-8 characters and invalid sequences.</summary>
    private static (int Characters, int Errors) ScanUtf8(ReadOnlySpan<byte> sample)
    {
        int characters = 0, errors = 0;
        while (!sample.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(sample, out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                errors++;
            }
            else if (consumed > 1)
            {
                characters++;
            }
            sample = sample[consumed..];
        }
        return (characters, errors);
    }

    private static bool IsCp932(ReadOnlySpan<byte> sample, bool cutAtEnd)
    {
        try
        {
            Cp932.GetDecoder().GetCharCount(sample, flush: !cutAtEnd);
            return true;
        }
        catch (TextDecodingException)
        {
            return false;
        }
    }

    /// <summary>What a file that is not a readable text CSV is (for <see cref="Refuse"/>).</summary>
    /// <param name="Name">The encoding's name (UTF-16, EUC-JP), or "バイナリ" for a file that is not text.</param>
    /// <param name="Message">The reason, in Japanese, naming the problem and what to do.</param>
    public sealed record Refusal(string Name, string Message);

    /// <summary>The name <see cref="Refusal.Name"/> gives a file that is not text at all.</summary>
    public const string Binary = "バイナリ";

    /// <summary>
    /// Recognizes files this import does not read, and says why: UTF-16 (a byte-order mark, or NUL bytes on every
    /// other byte as UTF-16 writes Latin letters and digits), EUC-JP (every non-ASCII byte in EUC-JP's ranges, which
    /// CP932 text never manages: its kanji and kana use lead bytes 0x81–0x9F), and anything else holding NUL bytes
    /// or many control bytes (an .xlsx or other binary file, or a UTF-8 file with NUL bytes): not a text CSV at all.
    /// Returns null for a file to decode. Reads the start of <paramref name="stream"/> (which must be seekable) and
    /// rewinds it.
    /// </summary>
    public static Refusal? Refuse(Stream stream)
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
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || LooksLikeUtf16(sample))
        {
            return new Refusal("UTF-16", "UTF-16 のファイルは読めません。UTF-8 か Shift_JIS (CP932) で保存し直してください");
        }
        if (sample.IndexOf((byte)0) >= 0 || ControlBytes(sample) is var controls && controls >= 32 && controls * 50 > sample.Length)
        {
            return new Refusal(Binary, "テキストの CSV ファイルではありません（Excel 形式などのバイナリファイルか、NUL などの制御バイトを含むファイルです）。"
                + "CSV（UTF-8 か Shift_JIS (CP932)）で保存し直してください");
        }
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return null;
        }
        return LooksLikeEucJp(sample)
            ? new Refusal("EUC-JP", "EUC-JP のファイルは読めません。UTF-8 か Shift_JIS (CP932) で保存し直してください")
            : null;
    }

    /// <summary>
    /// The name of an encoding this import does not read (UTF-16, EUC-JP) or <see cref="Binary"/>; null for a file
    /// to decode. See <see cref="Refuse"/>.
    /// </summary>
    public static string? DetectUnsupported(Stream stream) => Refuse(stream)?.Name;

    // UTF-16 writes every Latin letter, digit, comma and line break with a NUL byte, all on one parity of bytes; a
    // binary file's (or a UTF-8 file's stray) NULs fall on both. Japanese UTF-16 without a BOM has few NULs: it has none of the CP932/UTF-8 structure either and
    // is refused by the decoder or as binary.
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> sample)
    {
        int even = 0, odd = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                {
                    even++;
                }
                else
                {
                    odd++;
                }
            }
        }
        return Math.Max(even, odd) >= 4 && Math.Min(even, odd) * 20 <= Math.Max(even, odd);
    }

    // C0 controls other than tab, CR, LF (and ESC, FF, SUB, which some legacy systems leave in text; the import
    // refuses them in a field with line and column).
    private static int ControlBytes(ReadOnlySpan<byte> sample)
    {
        var count = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0C or 0x1A or 0x1B))
            {
                count++;
            }
        }
        return count;
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
