using System.Net;
using System.Text.RegularExpressions;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// A browser without a browser: an HttpClient with its own cookie jar that does not follow redirects, so
/// tests see each 302 and its Location. It signs in through the real static-SSR form, antiforgery token
/// included, exactly as a browser posts it.
/// </summary>
public sealed partial class StaffClient : IDisposable
{
    private readonly HttpClientHandler handler;

    public StaffClient(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        Http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public CookieContainer Cookies => handler.CookieContainer;

    /// <summary>The sign-in cookie's value, or null when the jar has none.</summary>
    public string? AuthCookie => Cookies.GetCookies(BaseAddress)[SecurityServiceCollectionExtensions.CookieName]?.Value;

    /// <summary>Puts another client's sign-in cookie into this jar (the same browser, another server).</summary>
    public void UseAuthCookie(string value) =>
        Cookies.Add(BaseAddress, new Cookie(SecurityServiceCollectionExtensions.CookieName, value, "/"));

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    /// <summary>GETs a page with a form and posts the form back with its antiforgery token and handler name.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var page = await Http.GetAsync(path);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)page.StatusCode} {page.Headers.Location}");
        var token = AntiforgeryToken(await page.Content.ReadAsStringAsync());
        var form = new List<KeyValuePair<string, string>>(fields)
        {
            new("_handler", formName),
            new("__RequestVerificationToken", token),
        };
        return await Http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts the sign-in form; the answer is a 302 on success, the form with a message otherwise.</summary>
    public Task<HttpResponseMessage> TrySignInAsync(string userName, string password) =>
        PostFormAsync("/account/sign-in", "sign-in",
        [
            new("Input.UserName", userName),
            new("Input.Password", password),
        ]);

    /// <summary>Signs in and asserts that it worked (a redirect home and a cookie).</summary>
    public async Task SignInAsync(string userName, string password = Browser.CallCenterAppFactory.TestPassword)
    {
        using var response = await TrySignInAsync(userName, password);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in as {userName} answered {(int)response.StatusCode}: {SignInError(body)}");
        Assert.Equal("/", response.Headers.Location?.AbsolutePath);
        Assert.NotNull(AuthCookie);
    }

    /// <summary>Posts the sign-out form of a signed-in page (UserMenu's form with its token).</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        using var page = await Http.GetAsync("/");
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET / answered {(int)page.StatusCode}");
        var token = AntiforgeryToken(await page.Content.ReadAsStringAsync());
        return await Http.PostAsync("/account/sign-out",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("__RequestVerificationToken", token)]));
    }

    /// <summary>The message the sign-in page shows in its error box, or null.</summary>
    public static string? SignInError(string html) => TestIdText(html, "sign-in-error");

    /// <summary>The text of the element with a data-testid (no nested markup), or null when absent.</summary>
    public static string? TestIdText(string html, string testId) =>
        new Regex($"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([^<]*)<").Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim()
            : null;

    public static string AntiforgeryToken(string html)
    {
        var input = AntiforgeryInput().Match(html);
        Assert.True(input.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
