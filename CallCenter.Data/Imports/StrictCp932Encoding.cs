using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>
/// CP932 as Windows and legacy Japanese systems write it, decoded strictly from one table: every code that is a
/// character decodes (JIS X 0208, the NEC special row 0x87, the NEC-selected IBM extension rows 0xED–0xEE and the
/// IBM extension rows 0xFA–0xFC, each twin to the same character as Windows and Python's cp932 do), and every
/// other byte sequence throws a <see cref="DecoderFallbackException"/>: lead bytes without a trail, unassigned
/// codes, the user-defined area 0xF040–0xF9FC (外字, private-use characters no one else can read) and the single
/// bytes 0x80, 0xA0, 0xFD–0xFF. Encoding is .NET's code page 932 with an exception fallback (the IBM form for the
/// extensions, as before).
/// </summary>
/// <remarks>
/// .NET's code page 932 decodes the NEC-selected IBM rows only through its best-fit path, which
/// <see cref="DecoderFallback.ExceptionFallback"/> rejects; so the table is built once from .NET's decoder and
/// a best-fit result is kept only when it is the twin of a real character: the character encodes back to another
/// code that decodes strictly to the same character. The decoder keeps a pending lead byte between calls, so a
/// read buffer ending between the two bytes of a character changes nothing.
/// </remarks>
public sealed class StrictCp932Encoding : Encoding
{
    /// <summary>The one instance.</summary>
    public static StrictCp932Encoding Instance { get; } = new();

    private static readonly Lazy<char[]> Table = new(BuildTable);

    private readonly Encoding encoder;

    private StrictCp932Encoding() : base(932)
    {
        RegisterProvider(CodePagesEncodingProvider.Instance);
        encoder = GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <inheritdoc />
    public override string WebName => "shift_jis";

    /// <inheritdoc />
    public override string EncodingName => "CP932";

    /// <inheritdoc />
    public override int CodePage => 932;

    /// <summary>True for a lead byte of a two-byte character (0x81–0x9F, 0xE0–0xFC).</summary>
    public static bool IsLeadByte(byte b) => b is >= 0x81 and <= 0x9F or >= 0xE0 and <= 0xFC;

    /// <summary>True for a byte that may follow a lead byte (0x40–0x7E, 0x80–0xFC).</summary>
    public static bool IsTrailByte(byte b) => b is >= 0x40 and <= 0x7E or >= 0x80 and <= 0xFC;

    /// <summary>The character a two-byte code stands for, or null when the code is no character.</summary>
    public static char? DecodePair(byte lead, byte trail)
    {
        var c = Table.Value[(lead << 8) | trail];
        return c == '\0' ? null : c;
    }

    /// <summary>True for the user-defined area (外字), lead bytes 0xF0–0xF9.</summary>
    public static bool IsUserDefinedLead(byte lead) => lead is >= 0xF0 and <= 0xF9;

    private static char[] BuildTable()
    {
        RegisterProvider(CodePagesEncodingProvider.Instance);
        var bestFit = GetEncoding(932); // the default decoder falls back to best fit
        var strict = GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var table = new char[65536];
        Span<byte> pair = stackalloc byte[2];
        Span<char> decoded = stackalloc char[4];
        // What best fit gives for a code that is no character at all (0x8540 is unassigned in every CP932): never a twin.
        var noCharacter = bestFit.GetString([0x85, 0x40]);
        for (var lead = 0x81; lead <= 0xFC; lead++)
        {
            if (!IsLeadByte((byte)lead) || IsUserDefinedLead((byte)lead))
            {
                continue;
            }
            for (var trail = 0x40; trail <= 0xFC; trail++)
            {
                if (!IsTrailByte((byte)trail))
                {
                    continue;
                }
                pair[0] = (byte)lead;
                pair[1] = (byte)trail;
                if (TryDecode(strict, pair, decoded, out var c) || IsTwinOfRealCharacter(bestFit, strict, noCharacter, pair, decoded, out c))
                {
                    table[(lead << 8) | trail] = c;
                }
            }
        }
        return table;
    }

    private static bool TryDecode(Encoding strict, ReadOnlySpan<byte> pair, Span<char> decoded, out char c)
    {
        c = '\0';
        try
        {
            if (strict.GetChars(pair, decoded) == 1 && decoded[0] is not ('\0' or (>= '\uE000' and <= '\uF8FF')))
            {
                c = decoded[0];
                return true;
            }
        }
        catch (DecoderFallbackException)
        {
        }
        return false;
    }

    private static bool IsTwinOfRealCharacter(Encoding bestFit, Encoding strict, string noCharacter, ReadOnlySpan<byte> pair, Span<char> decoded, out char c)
    {
        c = '\0';
        if (bestFit.GetChars(pair, decoded) != 1 || noCharacter.Length == 1 && decoded[0] == noCharacter[0])
        {
            return false;
        }
        var candidate = decoded[0];
        Span<byte> back = stackalloc byte[4];
        int length;
        try
        {
            length = strict.GetBytes([candidate], back);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
        if (length != 2 || back[..2].SequenceEqual(pair) || !TryDecode(strict, back[..2], decoded, out var twin) || twin != candidate)
        {
            return false;
        }
        c = candidate;
        return true;
    }

    /// <inheritdoc />
    public override int GetByteCount(char[] chars, int index, int count) => encoder.GetByteCount(chars, index, count);

    /// <inheritdoc />
    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        encoder.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    /// <inheritdoc />
    public override int GetByteCount(string s) => encoder.GetByteCount(s);

    /// <inheritdoc />
    public override byte[] GetBytes(string s) => encoder.GetBytes(s);

    /// <inheritdoc />
    public override Encoder GetEncoder() => encoder.GetEncoder();

    /// <inheritdoc />
    public override int GetCharCount(byte[] bytes, int index, int count) =>
        new Cp932Decoder().GetCharCount(bytes, index, count, flush: true);

    /// <inheritdoc />
    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        new Cp932Decoder().GetChars(bytes, byteIndex, byteCount, chars, charIndex, flush: true);

    /// <summary>A decoder that keeps a pending lead byte between calls and names the line of an invalid byte.</summary>
    public override Decoder GetDecoder() => new LineCountingDecoder(new Cp932Decoder(), "CP932");

    /// <inheritdoc />
    public override int GetMaxByteCount(int charCount) => encoder.GetMaxByteCount(charCount);

    /// <inheritdoc />
    public override int GetMaxCharCount(int byteCount) => byteCount + 1;

    /// <inheritdoc />
    public override byte[] GetPreamble() => [];

    /// <inheritdoc />
    public override ReadOnlySpan<byte> Preamble => default;

    /// <summary>
    /// The table-driven decoder. Throws <see cref="DecoderFallbackException"/> with <c>Index</c> relative to the
    /// bytes of the call (-1 for a lead byte left from the previous call) and the offending bytes.
    /// </summary>
    private sealed class Cp932Decoder : Decoder
    {
        private int pendingLead = -1;

        public override void Reset() => pendingLead = -1;

        public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes, index, count, flush: false);

        public override int GetCharCount(byte[] bytes, int index, int count, bool flush) =>
            GetCharCount(bytes.AsSpan(index, count), flush);

        public override int GetCharCount(ReadOnlySpan<byte> bytes, bool flush)
        {
            var lead = pendingLead;
            return Decode(bytes, [], flush, ref lead, countOnly: true);
        }

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
            GetChars(bytes, byteIndex, byteCount, chars, charIndex, flush: false);

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, bool flush) =>
            GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush);

        public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
        {
            var lead = pendingLead;
            var written = Decode(bytes, chars, flush, ref lead, countOnly: false);
            pendingLead = lead;
            return written;
        }

        private static int Decode(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush, ref int lead, bool countOnly)
        {
            var table = Table.Value;
            var written = 0;
            var i = 0;
            if (lead >= 0 && bytes.Length > 0)
            {
                written += Pair((byte)lead, bytes[0], -1, table, chars, written, countOnly);
                lead = -1;
                i = 1;
            }
            for (; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (b < 0x80)
                {
                    if (!countOnly)
                    {
                        chars[written] = (char)b;
                    }
                    written++;
                }
                else if (b is >= 0xA1 and <= 0xDF)
                {
                    if (!countOnly)
                    {
                        chars[written] = (char)(0xFF61 + (b - 0xA1)); // half-width katakana
                    }
                    written++;
                }
                else if (IsLeadByte(b))
                {
                    if (i + 1 == bytes.Length)
                    {
                        lead = b;
                        break;
                    }
                    written += Pair(b, bytes[i + 1], i, table, chars, written, countOnly);
                    i++;
                }
                else
                {
                    throw new DecoderFallbackException("Not a CP932 byte.", [b], i);
                }
            }
            if (flush && lead >= 0)
            {
                var pending = (byte)lead;
                lead = -1;
                throw new DecoderFallbackException("A CP932 lead byte ends the input.", [pending], bytes.Length - 1);
            }
            return written;
        }

        private static int Pair(byte lead, byte trail, int index, char[] table, Span<char> chars, int at, bool countOnly)
        {
            if (!IsTrailByte(trail))
            {
                throw new DecoderFallbackException("A CP932 lead byte without its trail byte.", [lead], index);
            }
            var c = table[(lead << 8) | trail];
            if (c == '\0')
            {
                throw new DecoderFallbackException("Not a CP932 character.", [lead, trail], index);
            }
            if (!countOnly)
            {
                chars[at] = c;
            }
            return 1;
        }
    }
}
