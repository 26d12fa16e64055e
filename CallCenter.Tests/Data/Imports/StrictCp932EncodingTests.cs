using System.Text;
using CallCenter.Data.Imports;

namespace CallCenter.Tests.Data.Imports;

public sealed class StrictCp932EncodingTests
{
    private static readonly Encoding DotNet932 = DotNet();

    private static Encoding DotNet()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    private static IEnumerable<(byte Lead, byte Trail)> Row(byte lead)
    {
        for (var trail = 0x40; trail <= 0xFC; trail++)
        {
            if (trail != 0x7F)
            {
                yield return (lead, (byte)trail);
            }
        }
    }

    private static List<(byte Lead, byte Trail, char Char)> Characters(params byte[] leads) =>
        [.. leads.SelectMany(Row)
            .Select(p => (p.Lead, p.Trail, Char: StrictCp932Encoding.DecodePair(p.Lead, p.Trail)))
            .Where(p => p.Char is not null)
            .Select(p => (p.Lead, p.Trail, p.Char!.Value))];

    private static string Decode(params byte[] bytes) => StrictCp932Encoding.Instance.GetString(bytes);

    [Fact]
    public void ExtensionRows_HoldTheirKnownNumberOfCharacters()
    {
        Assert.Equal(83, Characters(0x87).Count);            // NEC special row: 0x8740–0x879C less its gaps
        Assert.Equal(374, Characters(0xED, 0xEE).Count);     // NEC-selected IBM extensions: all but 0xEEED, 0xEEEE
        Assert.Equal(388, Characters(0xFA, 0xFB, 0xFC).Count); // IBM extensions: 0xFA40–0xFC4B
    }

    [Fact]
    public void EveryExtensionCharacter_DecodesInEachOfItsForms_ToTheCharacterItsCanonicalFormDecodesTo()
    {
        foreach (var (lead, trail, c) in Characters(0x87, 0xED, 0xEE, 0xFA, 0xFB, 0xFC))
        {
            // The form .NET (and Windows) writes for the character: JIS X 0208, the NEC row or the IBM row.
            var canonical = DotNet932.GetBytes([c]);
            Assert.Equal(2, canonical.Length);
            Assert.Equal(c.ToString(), DotNet932.GetString(canonical));
            Assert.Equal(c.ToString(), Decode(lead, trail));
            if (lead is 0xED or 0xEE)
            {
                Assert.True(canonical[0] is 0x81 or >= 0xFA, $"0x{lead:X2}{trail:X2} is written as 0x{canonical[0]:X2}{canonical[1]:X2}");
            }
        }
    }

    [Fact]
    public void NecSelectedIbmRows_AreTheIbmRowsInTheSameOrder()
    {
        // The NEC-selected rows repeat the IBM extension kanji (0xFA5C–0xFC4B) in order, then ⅰ–ⅹ (0xFA40–0xFA49)
        // and ¬ ￤ ＇ ＂ (0xFA54–0xFA57): a layout fixed by the two vendors, independent of any decoder.
        var nec = Characters(0xED, 0xEE);
        var ibm = Characters(0xFA, 0xFB, 0xFC);
        var ibmKanji = ibm.SkipWhile(p => p is not { Lead: 0xFA, Trail: 0x5C }).ToList();
        Assert.Equal(360, ibmKanji.Count);
        var twins = ibmKanji
            .Concat(ibm.Where(p => p.Lead == 0xFA && p.Trail is >= 0x40 and <= 0x49))
            .Concat(ibm.Where(p => p.Lead == 0xFA && p.Trail is >= 0x54 and <= 0x57))
            .ToList();
        Assert.Equal(nec.Count, twins.Count);
        for (var i = 0; i < nec.Count; i++)
        {
            Assert.True(nec[i].Char == twins[i].Char,
                $"0x{nec[i].Lead:X2}{nec[i].Trail:X2} U+{(int)nec[i].Char:X4} ≠ 0x{twins[i].Lead:X2}{twins[i].Trail:X2} U+{(int)twins[i].Char:X4}");
        }
    }

    [Theory]
    [InlineData("﨑", new byte[] { 0xED, 0x95 }, new byte[] { 0xFA, 0xB1 })]
    [InlineData("髙", new byte[] { 0xEE, 0xE0 }, new byte[] { 0xFB, 0xFC })]
    [InlineData("ⅰ", new byte[] { 0xEE, 0xEF }, new byte[] { 0xFA, 0x40 })]
    [InlineData("￢", new byte[] { 0xEE, 0xF9 }, new byte[] { 0x81, 0xCA })]
    [InlineData("≒", new byte[] { 0x87, 0x90 }, new byte[] { 0x81, 0xE0 })]
    [InlineData("∵", new byte[] { 0x87, 0x9A }, new byte[] { 0xFA, 0x5B })]
    [InlineData("Ⅰ", new byte[] { 0x87, 0x54 }, new byte[] { 0xFA, 0x4A })]
    [InlineData("①", new byte[] { 0x87, 0x40 }, new byte[] { 0x87, 0x40 })]
    [InlineData("㈱", new byte[] { 0x87, 0x8A }, new byte[] { 0xFA, 0x58 })]
    public void KnownTwins_DecodeToTheSameCharacter(string expected, byte[] one, byte[] other)
    {
        Assert.Equal(expected, Decode(one));
        Assert.Equal(expected, Decode(other));
    }

    [Theory]
    [InlineData(new byte[] { 0x85, 0x40 })]       // unassigned row
    [InlineData(new byte[] { 0x87, 0x76 })]       // gap in the NEC row
    [InlineData(new byte[] { 0xEE, 0xED })]       // gap in the NEC-selected rows
    [InlineData(new byte[] { 0xFC, 0x4C })]       // past the IBM extensions
    [InlineData(new byte[] { 0xF0, 0x40 })]       // user-defined area (外字)
    [InlineData(new byte[] { 0x81, 0x0A })]       // lead byte without a trail byte
    [InlineData(new byte[] { 0x41, 0x81 })]       // lead byte at the end
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xA0 })]
    [InlineData(new byte[] { 0xFD })]
    [InlineData(new byte[] { 0xFF })]
    public void BytesThatAreNoCharacter_AreRefused(byte[] bytes)
    {
        Assert.ThrowsAny<DecoderFallbackException>(() => Decode(bytes));
    }

    [Fact]
    public void SingleBytes_DecodeAsAsciiAndHalfWidthKatakana()
    {
        Assert.Equal("A,ｱﾝﾀﾞ\r\n", Decode(0x41, 0x2C, 0xB1, 0xDD, 0xC0, 0xDE, 0x0D, 0x0A));
    }

    [Fact]
    public void Encoding_WritesTheIbmFormAsBefore()
    {
        Assert.Equal(new byte[] { 0xFB, 0xFC, 0xFA, 0xB1 }, StrictCp932Encoding.Instance.GetBytes("髙﨑"));
        Assert.Throws<EncoderFallbackException>(() => StrictCp932Encoding.Instance.GetBytes("𠮷"));
    }

    /// <summary>
    /// Random rows of random CP932 characters (JIS X 0208, NEC row, both extension forms, half-width kana), written
    /// with the NEC-selected form for a random half of the extension kanji, read through a StreamReader of a random
    /// buffer size: always the source text.
    /// </summary>
    [Fact]
    public void RandomValidFiles_DecodeToTheirSourceText_WhateverTheBufferSize()
    {
        var random = new Random(20110311);
        var pool = Characters(0x81, 0x82, 0x83, 0x84, 0x87, 0x88, 0x89, 0x9F, 0xE0, 0xEA, 0xFA, 0xFB, 0xFC)
            .Select(p => p.Char).Distinct().Where(c => c is not ('\uFF5E' or '\u2225' or '\uFF0D' or '\uFFE0' or '\uFFE1')).ToArray();
        var nec = Characters(0xED, 0xEE);
        var necForm = new Dictionary<char, (byte, byte)>();
        foreach (var (lead, trail, c) in nec)
        {
            necForm.TryAdd(c, (lead, trail));
        }
        for (var file = 0; file < 200; file++)
        {
            var text = new StringBuilder();
            var bytes = new List<byte>();
            var rows = random.Next(1, 40);
            for (var row = 0; row < rows; row++)
            {
                var length = random.Next(0, 60);
                for (var i = 0; i < length; i++)
                {
                    var roll = random.Next(10);
                    var c = roll == 0 ? (char)random.Next(0x20, 0x7F) : roll == 1 ? (char)random.Next(0xFF61, 0xFFA0) : pool[random.Next(pool.Length)];
                    text.Append(c);
                    if (necForm.TryGetValue(c, out var form) && random.Next(2) == 0)
                    {
                        bytes.Add(form.Item1);
                        bytes.Add(form.Item2);
                    }
                    else
                    {
                        bytes.AddRange(DotNet932.GetBytes([c]));
                    }
                }
                text.Append("\r\n");
                bytes.AddRange("\r\n"u8.ToArray());
            }
            using var reader = new StreamReader(new MemoryStream([.. bytes]), TextEncodingDetector.Cp932, false, bufferSize: random.Next(1, 64));
            Assert.Equal(text.ToString(), reader.ReadToEnd());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void InvalidByte_IsReportedOnItsLine_WhateverTheBufferSize(int bufferSize)
    {
        var lines = Enumerable.Range(1, 3519).Select(i => $"{i},髙橋 﨑,ﾀｶﾊｼ\r\n").ToList();
        var bytes = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = DotNet932.GetBytes(lines[i]);
            if (i == 1845)
            {
                line[^4] = 0x85; // line 1846: 0x85 0x40 is no character
                line[^3] = 0x40;
            }
            bytes.AddRange(line);
        }
        using var reader = new StreamReader(new MemoryStream([.. bytes]), TextEncodingDetector.Cp932, false, bufferSize);

        var error = Assert.Throws<TextDecodingException>(() => reader.ReadToEnd());

        Assert.Equal(1846, error.Line);
        Assert.Equal("1846行目: Shift_JIS (CP932) の文字ではないバイトがあります（0x85 0x40）。UTF-8 か Shift_JIS (CP932) で保存し直してください", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(4096)]
    public void InvalidUtf8_IsReportedOnItsLine_WhateverTheBufferSize(int bufferSize)
    {
        var bytes = new List<byte>();
        for (var i = 1; i <= 500; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes($"{i},髙橋 𠮷田\n"));
            if (i == 321)
            {
                bytes.InsertRange(bytes.Count - 4, [0xE9, 0xAB]); // a 3-byte sequence cut short, before 田
            }
        }
        using var reader = new StreamReader(new MemoryStream([.. bytes]), TextEncodingDetector.Utf8, false, bufferSize);

        var error = Assert.Throws<TextDecodingException>(() => reader.ReadToEnd());

        Assert.Equal(321, error.Line);
        Assert.StartsWith("321行目: UTF-8 として読めないバイトがあります（0xE9 0xAB）", error.Message);
    }
}
