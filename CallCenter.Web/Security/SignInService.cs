using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Security;

/// <summary>The outcome of a sign-in attempt, with the message the sign-in page shows.</summary>
public sealed record SignInResult(bool Succeeded, string? Message, ClaimsPrincipal? Principal = null);

/// <summary>
/// Checks passwords (ASP.NET Core's PasswordHasher), locks a user name for a client address after repeated
/// failures, starts and ends sessions, and writes the sign-in audit rows.
/// </summary>
/// <remarks>
/// Each attempt is counted as a failure in the database (<see cref="SignInFailureRepository"/>) before its password
/// is hashed, so however many attempts arrive at once, at most <c>Security:MaxFailedSignIns</c> passwords are checked
/// per name, address and lock period. The count is kept per name and address, not per account: a flood from one
/// address locks the name there only, never the account for everyone, and an unknown name is counted, hashed (against
/// a dummy hash) and locked exactly like a real one, so answers and timing tell nothing about which names exist.
/// </remarks>
public sealed class SignInService(
    UserRepository users,
    SessionRepository sessions,
    SignInFailureRepository failures,
    AuditTrail audit,
    IPasswordHasher<UserAccount> hasher,
    IOptions<SecurityOptions> options,
    TimeProvider time)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // What an unknown name's password is checked against, so that it costs what a real check costs.
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString("N")));

    /// <summary>Shown for an unknown name and a wrong password alike, so names cannot be probed.</summary>
    public const string WrongCredentials = "ユーザー名またはパスワードが違います。";

    public static string HashPassword(string password) =>
        Hasher.HashPassword(null!, password);

    public static bool VerifyPassword(UserAccount user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>The reason a new password is unacceptable, or null.</summary>
    public string? CheckPasswordPolicy(string? password, string? userName = null) =>
        CheckPasswordPolicy(password, userName, options.Value);

    /// <summary>The reason a new password is unacceptable under <paramref name="options"/>, or null.</summary>
    public static string? CheckPasswordPolicy(string? password, string? userName, SecurityOptions options)
    {
        var min = options.MinPasswordLength;
        if (string.IsNullOrEmpty(password) || password.Length < min)
        {
            return $"パスワードは{min}文字以上にしてください。";
        }
        if (userName is not null && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return "パスワードにユーザー名を含めないでください。";
        }
        return null;
    }

    /// <summary>The message when a name is locked for this address: the same whether or not the name exists.</summary>
    public static string LockedMessage(int minutes) =>
        $"サインインの失敗が続いたため、この端末からのこのユーザー名でのサインインをロックしています。約{minutes}分後にやり直すか、管理者に連絡してください。";

    /// <summary>Checks a name and password tried from <paramref name="clientAddress"/>; on success starts a session.</summary>
    public async Task<SignInResult> CheckAsync(string? userName, string? password, string clientAddress, CancellationToken cancellationToken = default)
    {
        var name = SignInFailureRepository.Cut(UserRepository.NormalizeName(userName ?? ""), SignInFailureRepository.MaxNameLength);
        if (name.Length == 0 || string.IsNullOrEmpty(password))
        {
            return new SignInResult(false, "ユーザー名とパスワードを入力してください。");
        }
        var limit = Math.Max(1, options.Value.MaxFailedSignIns);
        var now = time.GetUtcNow().UtcDateTime;
        var reservation = await failures.TryReserveAsync(name, clientAddress, limit, now, options.Value.Lockout, cancellationToken);
        if (!reservation.Reserved)
        {
            await audit.WriteAnonymousAsync(name, AuditActions.SignInFailed, $"ロック中のため拒否（接続元 {clientAddress}）", cancellationToken);
            var minutes = Math.Max(1, (int)Math.Ceiling(((reservation.LockedUntil ?? now) - now).TotalMinutes));
            return new SignInResult(false, LockedMessage(minutes));
        }

        var user = await users.FindByNameAsync(name, cancellationToken);
        var verified = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash.Value, password) != PasswordVerificationResult.Failed;
        if (user is not null && verified)
        {
            if (user.IsDisabled)
            {
                // Told only to someone who knows the password; the attempt stays counted.
                await audit.WriteAnonymousAsync(name, AuditActions.SignInFailed, "無効なアカウント", cancellationToken);
                return new SignInResult(false, "このアカウントは無効になっています。管理者に連絡してください。");
            }
            await failures.ClearAsync(name, clientAddress, cancellationToken);
            var sessionId = await sessions.StartAsync(user.UserId, user.Site, cancellationToken);
            var principal = Principal(user, sessionId);
            await audit.WriteAsync(principal, AuditActions.SignIn, "session", sessionId[..8], cancellationToken: cancellationToken);
            return new SignInResult(true, null, principal);
        }

        await audit.WriteAnonymousAsync(name, AuditActions.SignInFailed,
            $"{(user is null ? "存在しないユーザー名" : "パスワードの誤り")}（連続 {reservation.Failures}/{limit}回目・接続元 {clientAddress}）", cancellationToken);
        return new SignInResult(false, reservation.Failures >= limit
            ? $"サインインの失敗が{limit}回続いたため、この端末からのこのユーザー名でのサインインを{options.Value.LockoutMinutes:0}分間ロックしました。"
            : WrongCredentials);
    }

    /// <summary>Checks the credentials and, when right, issues the cookie.</summary>
    public async Task<SignInResult> SignInAsync(HttpContext http, string? userName, string? password)
    {
        var result = await CheckAsync(userName, password, ClientAddress.Of(http), http.RequestAborted);
        if (result.Succeeded)
        {
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!,
                new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        }
        return result;
    }

    /// <summary>Ends the session, clears the cookie and audits why.</summary>
    public async Task SignOutAsync(HttpContext http, string reason)
    {
        var user = http.User;
        if (user.SessionId() is { } sessionId)
        {
            await sessions.EndAsync(sessionId, reason);
        }
        if (user.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(user, AuditActions.SignOut, "session", user.SessionId()?[..8], AuditDetails.SessionEnd(reason));
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Changes the signed-in user's own password. Every other session of the user ends; this one continues
    /// under a new session and cookie. Returns null on success, else the message to show.
    /// </summary>
    public async Task<string?> ChangePasswordAsync(HttpContext http, string? current, string? newPassword, string? confirm)
    {
        var userId = http.User.UserId();
        var user = userId is null ? null : await users.FindByIdAsync(userId.Value, http.RequestAborted);
        if (user is null)
        {
            return "サインインし直してください。";
        }
        if (string.IsNullOrEmpty(current) || !VerifyPassword(user, current))
        {
            await audit.WriteAsync(http.User, AuditActions.ChangePassword, "user", user.UserName, "現在のパスワードの誤り（変更していません）");
            return "現在のパスワードが違います。";
        }
        if (newPassword != confirm)
        {
            return "新しいパスワードと確認が一致しません。";
        }
        if (CheckPasswordPolicy(newPassword, user.UserName) is { } policy)
        {
            return policy;
        }
        if (newPassword == current)
        {
            return "今と違うパスワードにしてください。";
        }
        await users.SetPasswordAsync(user.UserId, HashPassword(newPassword!), http.RequestAborted);
        await sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.PasswordChanged, http.RequestAborted);
        var sessionId = await sessions.StartAsync(user.UserId, user.Site, http.RequestAborted);
        var principal = Principal(user, sessionId);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        await audit.WriteAsync(principal, AuditActions.ChangePassword, "user", user.UserName, "変更しました");
        return null;
    }

    internal static ClaimsPrincipal Principal(UserAccount user, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(CallCenterClaims.DisplayName, user.DisplayName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(CallCenterClaims.SessionId, sessionId),
        };
        if (user.Site is not null)
        {
            claims.Add(new Claim(CallCenterClaims.Site, user.Site));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
