using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Announcements;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Public;

/// <summary>An app of its own: the notices these tests add must not show in the security app's anonymous walk.</summary>
public sealed class PublicNoticeAppFixture() : StartedAppFixture(settings: null);

/// <summary>
/// /public/notices, /public/notices/{id} and /public/notices.atom against the real app, without sign-in: what is shown
/// and what never is, the 404s, caching (ETag, Last-Modified, 304), the security headers, and a valid Atom feed.
/// </summary>
public sealed class PublicNoticeEndpointsTests(PublicNoticeAppFixture fixture) : IClassFixture<PublicNoticeAppFixture>
{
    private static readonly DateOnly Today = JapanTime.Today(TimeProvider.System);

    private CallCenterAppFactory App => fixture.App;

    private ConnectionFactory Connections => App.Services.GetRequiredService<ConnectionFactory>();

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.BaseAddress };

    [Fact]
    public async Task List_ShowsPublicNoticesValidToday_EncodedWithLineBreaks_AndNothingElse()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var shown = await PublicNoticeTestData.AddAsync(Connections, $"一時帰宅の申込 {marker}", "受付は3月20日まで。\n<script>alert(1)</script>", Today.AddDays(-1), Today.AddDays(5));
        await PublicNoticeTestData.AddAsync(Connections, $"職員だけ {marker}", "非公開", Today.AddDays(-1), isPublic: false);
        await PublicNoticeTestData.AddAsync(Connections, $"終了済み {marker}", "過去", Today.AddDays(-9), Today.AddDays(-1));
        using var client = NewClient();

        using var response = await client.GetAsync("/public/notices");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"一時帰宅の申込 {marker}", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/public/notices/{shown}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"職員だけ {marker}", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"終了済み {marker}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("width=device-width", html, StringComparison.Ordinal);
        Assert.DoesNotContain("_framework/blazor", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var one = await client.GetAsync($"/public/notices/{shown}");
        var page = await one.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Contains("受付は3月20日まで。\n&lt;script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("white-space:pre-wrap", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneNotice_Is404_When_NotPublic_Withdrawn_OutOfDates_OrMissing()
    {
        var hidden = await PublicNoticeTestData.AddAsync(Connections, "非公開のお知らせ", "本文", Today, isPublic: false);
        var withdrawn = await PublicNoticeTestData.AddAsync(Connections, "取り下げたお知らせ", "本文", Today, withdrawnAt: DateTime.UtcNow.AddMinutes(-5));
        var future = await PublicNoticeTestData.AddAsync(Connections, "来月のお知らせ", "本文", Today.AddDays(30));
        using var client = NewClient();

        foreach (var id in new[] { hidden, withdrawn, future, 999_999 })
        {
            using var response = await client.GetAsync($"/public/notices/{id}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("このお知らせは掲載されていません", html, StringComparison.Ordinal);
            Assert.DoesNotContain("お知らせ</h2>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pages_AreCacheable_WithETagAndLastModified_And_Answer304_When_Unchanged()
    {
        var id = await PublicNoticeTestData.AddAsync(Connections, "健康相談のご案内", "保健師が電話で相談を受けます。", Today);
        using var client = NewClient();

        foreach (var path in new[] { "/public/notices", $"/public/notices/{id}", "/public/notices.atom" })
        {
            using var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.CacheControl is { Public: true, MaxAge: { } maxAge } && maxAge <= TimeSpan.FromMinutes(5), path + ": " + first.Headers.CacheControl);
            Assert.False(first.Headers.CacheControl!.NoStore);
            var tag = first.Headers.ETag;
            Assert.NotNull(tag);
            Assert.NotNull(first.Content.Headers.LastModified);
            // The security headers stay.
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, first.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());

            using var byTag = new HttpRequestMessage(HttpMethod.Get, path);
            byTag.Headers.IfNoneMatch.Add(tag!);
            using var notModified = await client.SendAsync(byTag);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

            using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
            byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
            using var notModifiedByDate = await client.SendAsync(byDate);
            Assert.Equal(HttpStatusCode.NotModified, notModifiedByDate.StatusCode);
        }

        // A new notice changes the list's tag: the old copy is not reused.
        using var before = await client.GetAsync("/public/notices");
        await PublicNoticeTestData.AddAsync(Connections, "仮設住宅の申込", "申込書を郵送します。", Today);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/public/notices");
        stale.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var fresh = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Feed_IsValidAtom_WithAbsoluteLinks_FromTheRequest()
    {
        var id = await PublicNoticeTestData.AddAsync(Connections, "罹災証明書の発行 & 郵送", "申請は電話でも受け付けます。\n本人確認書類が必要です。", Today, priority: 1,
            updatedAt: new DateTime(2026, 3, 10, 1, 2, 3, DateTimeKind.Utc));
        await PublicNoticeTestData.AddAsync(Connections, "非公開の連絡", "本文", Today, isPublic: false);
        using var client = NewClient();

        using var response = await client.GetAsync("/public/notices.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var root = feed.Root!;
        Assert.Equal(atom + "feed", root.Name);
        var baseUri = App.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal(baseUri + "/public/notices", root.Element(atom + "id")?.Value);
        Assert.True(DateTimeOffset.TryParse(root.Element(atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Contains(root.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == baseUri + "/public/notices.atom");
        Assert.NotNull(root.Element(atom + "author")?.Element(atom + "name"));
        var entry = Assert.Single(root.Elements(atom + "entry"), e => e.Element(atom + "id")?.Value == $"{baseUri}/public/notices/{id}");
        Assert.Equal("【重要】罹災証明書の発行 & 郵送", entry.Element(atom + "title")?.Value);
        Assert.Equal("2026-03-10T01:02:03Z", entry.Element(atom + "updated")?.Value);
        Assert.Equal("申請は電話でも受け付けます。\n本人確認書類が必要です。", entry.Element(atom + "content")?.Value);
        Assert.Equal("text", (string?)entry.Element(atom + "content")?.Attribute("type"));
        Assert.Contains(entry.Elements(atom + "link"), l => (string?)l.Attribute("href") == $"{baseUri}/public/notices/{id}");
        Assert.DoesNotContain(root.Elements(atom + "entry"), e => e.Element(atom + "title")?.Value == "非公開の連絡");
        // Every entry has what RFC 4287 requires.
        Assert.All(root.Elements(atom + "entry"), e => Assert.All(new[] { "id", "title", "updated" }, n => Assert.NotNull(e.Element(atom + n))));
    }

    [Fact]
    public async Task Pages_ShowNoPersonalData_And_NeedNoCookie()
    {
        using var client = NewClient();
        using var response = await client.GetAsync("/public/notices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
