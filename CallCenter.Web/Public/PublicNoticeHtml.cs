using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CallCenter.Data.Announcements;

namespace CallCenter.Web.Public;

/// <summary>
/// The public pages' HTML, written by hand: small, no script, no external font, readable on a phone (390 px wide) and
/// printable. Every text from the database goes through <see cref="Encoder"/>; a body's line breaks are kept by CSS
/// (<c>white-space: pre-wrap</c>), so no markup is ever built from it.
/// </summary>
public static class PublicNoticeHtml
{
    // Japanese stays readable in the source (not &#x...; references); <, >, &, quotes are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic UI",Meiryo,sans-serif;font-size:17px;line-height:1.7;color:#1a1a1a;background:#f5f6f8}
        header{background:#1d4f91;color:#fff;padding:12px 16px}
        header a{color:#fff;text-decoration:none}
        header .town{font-size:14px;opacity:.9}
        header h1{margin:2px 0 0;font-size:21px;line-height:1.4}
        main{max-width:720px;margin:0 auto;padding:12px}
        .notice{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:14px 16px;margin:0 0 12px}
        .notice h2{margin:0 0 4px;font-size:19px;line-height:1.45;overflow-wrap:anywhere}
        .notice h2 a{color:#0b3d91}
        .dates{margin:0 0 8px;font-size:14px;color:#555}
        .important{display:inline-block;background:#b3261e;color:#fff;font-size:13px;border-radius:4px;padding:0 6px;margin-right:6px;vertical-align:2px}
        .body{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
        .summary{margin:0;color:#333;overflow:hidden;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;white-space:pre-wrap;overflow-wrap:anywhere}
        .empty{background:#fff;border-radius:8px;padding:16px}
        nav.back{margin:4px 0 12px}
        footer{max-width:720px;margin:0 auto;padding:8px 12px 24px;font-size:13px;color:#555}
        a{color:#0b3d91}
        """;

    /// <summary>The list of today's notices, each with its first lines and a link to the whole notice.</summary>
    public static string List(string town, PublicNoticeList list)
    {
        var html = Begin(town, "お知らせ", $"{town}からのお知らせ");
        if (list.Notices.Count == 0)
        {
            html.Append("<p class=\"empty\">いま掲載しているお知らせはありません。</p>");
        }
        foreach (var notice in list.Notices)
        {
            html.Append("<article class=\"notice\" data-notice=\"").Append(Id(notice)).Append("\"><h2>");
            Important(html, notice);
            html.Append("<a href=\"/public/notices/").Append(Id(notice)).Append("\">").Append(Encoder.Encode(notice.Title)).Append("</a></h2>");
            Dates(html, notice);
            html.Append("<p class=\"summary\">").Append(Body(notice.Body)).Append("</p></article>");
        }
        html.Append("<footer>").Append(list.Notices.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" 件（").Append(Date(list.Today)).Append(" 現在）・<a href=\"/public/notices.atom\">Atom フィード</a></footer>");
        return End(html);
    }

    /// <summary>One notice in full: title, dates, and the body with its line breaks.</summary>
    public static string Notice(string town, PublicNotice notice)
    {
        var html = Begin(town, notice.Title, $"{town}からのお知らせ");
        html.Append("<nav class=\"back\"><a href=\"/public/notices\">← お知らせの一覧</a></nav>");
        html.Append("<article class=\"notice\" data-notice=\"").Append(Id(notice)).Append("\"><h2>");
        Important(html, notice);
        html.Append(Encoder.Encode(notice.Title)).Append("</h2>");
        Dates(html, notice);
        html.Append("<p class=\"body\">").Append(Body(notice.Body)).Append("</p></article>");
        return End(html);
    }

    /// <summary>The page for an id that is not a published notice.</summary>
    public static string NotFound(string town)
    {
        var html = Begin(town, "お知らせが見つかりません", $"{town}からのお知らせ");
        html.Append("<p class=\"empty\">このお知らせは掲載されていません（掲載期間が終わったか、取り下げられました）。<br><a href=\"/public/notices\">お知らせの一覧へ</a></p>");
        return End(html);
    }

    private static StringBuilder Begin(string town, string title, string heading)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encoder.Encode(title)).Append(" - ").Append(Encoder.Encode(town)).Append("</title>")
            .Append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").Append(Encoder.Encode(heading)).Append("\" href=\"/public/notices.atom\">")
            .Append("<style>").Append(Style).Append("</style></head><body>")
            .Append("<header><div class=\"town\">").Append(Encoder.Encode(town)).Append("</div><h1><a href=\"/public/notices\">")
            .Append(Encoder.Encode(heading)).Append("</a></h1></header><main>");
        return html;
    }

    private static string End(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static void Important(StringBuilder html, PublicNotice notice)
    {
        if (notice.IsImportant)
        {
            html.Append("<span class=\"important\">重要</span>");
        }
    }

    private static void Dates(StringBuilder html, PublicNotice notice) =>
        html.Append("<p class=\"dates\">掲載 ").Append(Date(notice.ValidFrom))
            .Append(notice.ValidTo is { } to ? "〜" + Date(to) : "〜").Append("</p>");

    /// <summary>The body encoded line by line: the line breaks stay real newlines, which <c>pre-wrap</c> shows.</summary>
    private static string Body(string body) =>
        string.Join("\n", body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => Encoder.Encode(line)));

    private static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Id(PublicNotice notice) => notice.AnnouncementId.ToString(CultureInfo.InvariantCulture);
}
