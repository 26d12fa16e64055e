using CallCenter.Data.Accounts;
using Microsoft.AspNetCore.Antiforgery;

namespace CallCenter.Web.Security;

/// <summary>HTTP endpoints of the account area that are not pages.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with an antiforgery token, so another site cannot sign a user out.
        app.MapPost("/account/sign-out", async (HttpContext http, SignInService signIn, IAntiforgery antiforgery) =>
        {
            // A minimal API that binds no form is not rejected by the antiforgery middleware: check here. A
            // request whose session has already ended has nothing to protect and just goes to the sign-in page.
            if (http.User.Identity?.IsAuthenticated == true && !await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }
            await signIn.SignOutAsync(http, SessionEndReasons.SignOut);
            return Results.Redirect("/account/sign-in?signedOut=1");
        }).AllowAnonymous();

        // Sent by the page script while the user is actually typing or clicking: it keeps the session alive.
        // The cookie validation does the work (it records activity); the answer carries nothing.
        app.MapPost("/account/keep-alive", () => Results.NoContent())
            .RequireAuthorization()
            .DisableAntiforgery();
        return app;
    }
}
