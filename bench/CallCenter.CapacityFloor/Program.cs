using CallCenter.CapacityFloor;
using CallCenter.CapacityFloor.Components;

// The floor of the capacity benchmark: the operator's search → open → back loop served by the same stack (Blazor
// Server, interactive server rendering over one circuit per browser, the product's search-box script) with nothing
// else: no MudBlazor, no layout, no sign-in, no presence, plain markup, raw SQL on the same SQLite database, one plain
// audit INSERT per search and per view. What the product costs the server above this is the product's own.
var builder = WebApplication.CreateBuilder(args);
var database = builder.Configuration["Database"] ?? throw new InvalidOperationException("--Database PATH (the seeded demo town) is required.");
builder.Services.AddSingleton(new FloorData(database));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
await app.Services.GetRequiredService<FloorData>().LoadAsync();
app.UseAntiforgery();
app.MapGet("/js/search.js", () => Results.Stream(typeof(FloorData).Assembly.GetManifestResourceStream("search.js")!, "text/javascript"));
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
