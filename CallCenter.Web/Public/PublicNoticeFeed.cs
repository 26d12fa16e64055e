using System.Globalization;
using System.Text;
using System.Xml;
using CallCenter.Data.Announcements;

namespace CallCenter.Web.Public;

/// <summary>
/// The Atom 1.0 feed (RFC 4287) of today's public notices: written with <see cref="XmlWriter"/> (so every text is
/// escaped), links and ids absolute from the address the request came to, <c>updated</c> from the notices' last edits,
/// each body as <c>content type="text"</c> with its line breaks.
/// </summary>
public static class PublicNoticeFeed
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <summary>The feed as text (UTF-8 declared).</summary>
    public static string Atom(string town, string baseUri, PublicNoticeList list)
    {
        var text = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNs);
            xml.WriteAttributeString("xml", "lang", null, "ja");
            xml.WriteElementString("title", AtomNs, $"{town}からのお知らせ");
            xml.WriteElementString("id", AtomNs, baseUri + PublicNoticeEndpoints.ListPath);
            xml.WriteElementString("updated", AtomNs, Time(list.LastModified));
            Link(xml, "self", "application/atom+xml", baseUri + PublicNoticeEndpoints.ListPath + ".atom");
            Link(xml, "alternate", "text/html", baseUri + PublicNoticeEndpoints.ListPath);
            xml.WriteStartElement("author", AtomNs);
            xml.WriteElementString("name", AtomNs, town);
            xml.WriteEndElement();
            foreach (var notice in list.Notices)
            {
                var url = baseUri + PublicNoticeEndpoints.ListPath + "/" + notice.AnnouncementId.ToString(CultureInfo.InvariantCulture);
                xml.WriteStartElement("entry", AtomNs);
                xml.WriteElementString("title", AtomNs, notice.IsImportant ? "【重要】" + notice.Title : notice.Title);
                xml.WriteElementString("id", AtomNs, url);
                xml.WriteElementString("updated", AtomNs, Time(notice.UpdatedAt));
                xml.WriteElementString("published", AtomNs, Time(Data.Common.JapanTime.StartOfDayUtc(notice.ValidFrom)));
                Link(xml, "alternate", "text/html", url);
                xml.WriteStartElement("content", AtomNs);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(notice.Body.Replace("\r\n", "\n", StringComparison.Ordinal));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return text.ToString();
    }

    private static void Link(XmlWriter xml, string rel, string type, string href)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
