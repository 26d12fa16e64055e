using CallCenter.Data.Imports;

namespace CallCenter.Tests.Data.Imports;

public abstract class StatusListMatchingTests<TDb> : StatusImportDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Preview_ClassifiesEachMatchingCase_And_WritesNothing()
    {
        var preview = await PreviewAsync(StatusImportTestData.MixedList);

        Assert.Empty(preview.Errors);
        Assert.Equal("UTF-8", preview.Encoding);
        var byLine = preview.Rows.ToDictionary(r => r.Row.Line);
        // Unique by number.
        Assert.Equal(StatusImportMatchState.Matched, byLine[2].State);
        Assert.Equal("S0003", byLine[2].Resident!.ResidentNo);
        // Two 高橋 花子: the reading finds both, reading + birth date only the one born 1980-04-01.
        Assert.Equal(StatusImportMatchState.Matched, byLine[3].State);
        Assert.Equal("S0201", byLine[3].Resident!.ResidentNo);
        // No birth date and no area: both stay candidates.
        Assert.Equal(StatusImportMatchState.Ambiguous, byLine[4].State);
        Assert.Equal(["S0201", "S0301"], byLine[4].Candidates.Select(c => c.ResidentNo).Order());
        // Nobody.
        Assert.Equal(StatusImportMatchState.Unmatched, byLine[5].State);
        Assert.Empty(byLine[5].Candidates);
        // A number that belongs to someone else: never applied.
        Assert.Equal(StatusImportMatchState.Ambiguous, byLine[6].State);
        Assert.Equal("住民番号と氏名が一致しない", byLine[6].Reason);
        Assert.Equal("S0003", Assert.Single(byLine[6].Candidates).ResidentNo);
        // The reading is unique but the birth date says it is someone else.
        Assert.Equal(StatusImportMatchState.Ambiguous, byLine[7].State);
        Assert.Contains("生年月日が一致しない", byLine[7].Reason);
        Assert.Equal((2, 3, 1, 0), (preview.Matched, preview.Ambiguous, preview.Unmatched, preview.AlreadyImported));
        Assert.True(preview.CanCommit);
        Assert.Null(preview.FileImportedAt);
        await AssertNothingWrittenAsync();
    }

    [SkippableFact]
    public async Task Preview_MatchesByBirthDateSexAndArea_When_TheReadingIsMisspelled()
    {
        var csv = string.Join("\r\n",
            StatusImportTestData.Header + ",行政区,住所",
            ",佐藤 正男,サイトウ マサオ,S22.5.3,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13,浜区,",
            ",高橋 花子,タカハシ ハナコ,,女,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13,,汐見町山４－４",
            "");

        var preview = await PreviewAsync(csv);

        Assert.Empty(preview.Errors);
        Assert.Equal("S0001", preview.Rows[0].Resident?.ResidentNo);
        // Reading + area: the address (full-width digits and dash normalized) picks the 高橋 花子 of 山区.
        Assert.Equal("S0301", preview.Rows[1].Resident?.ResidentNo);
    }
}

public sealed class StatusListMatchingTestsOnSqlite : StatusListMatchingTests<OnSqlite>;

public sealed class StatusListMatchingTestsOnSqlServer : StatusListMatchingTests<OnSqlServer>;
