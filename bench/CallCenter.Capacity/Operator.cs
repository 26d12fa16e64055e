using System.Diagnostics;
using Microsoft.Playwright;

namespace CallCenter.Capacity;

/// <summary>
/// One simulated operator: their own browser context (cookies, circuit), signed in as their own account, looping
/// search → results → open a resident → back to the search, and every few cycles recording a call for two household
/// members, with think times between the steps.
/// </summary>
public sealed class Operator(int index, IBrowser browser, Uri baseAddress, Targets targets, CapacityOptions options, Samples samples,
    ErrorScreenshots screenshots)
{
    /// <summary>The search box's debounce (SearchBox.DebounceMilliseconds): keypress → results includes it.</summary>
    public const int DebounceMs = 250;

    private readonly Random random = new(1000 + index);
    // This operator's own households: no other operator searches or records for them.
    private readonly IReadOnlyList<Target> own = targets.Of(index);
    private int cycle;

    public IPage Page { get; private set; } = default!;

    /// <summary>When set (--steps), each step's server CPU and circuit messages are measured apart.</summary>
    public StepMeter? Meter { get; set; }

    private Task StepAsync(string name, Func<Task> step) => Meter is null ? step() : Meter.StepAsync(name, step);

    public string Name => AppServer.UserName(index);

    /// <summary>
    /// A new browser context, the sign-in page, the name and password typed, 「サインイン」: timed from the click to the
    /// start page's search box (which the layout renders only once the circuit is live), split by the start page's
    /// navigation timing into the password check (the POST and its redirect), the start page's HTML (prerender), its
    /// scripts and the circuit's start. All in-page clocks (the click's wall time is kept in sessionStorage across the
    /// navigation), so Playwright's own round trips are not in them.
    /// </summary>
    public async Task SignInAsync()
    {
        var clock = Stopwatch.StartNew();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(PageProbe.InitScript);
        Page = await context.NewPageAsync();
        await Page.GotoAsync("/account/sign-in?returnUrl=%2F");
        await Page.GetByTestId("user-name-input").FillAsync(AppServer.UserName(index));
        await Page.GetByTestId("password-input").FillAsync(AppServer.Password);
        var opened = clock.Elapsed.TotalMilliseconds;
        await Page.GetByTestId("sign-in-button").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Page.GetByTestId("search-input").WaitForAsync();
        samples.SignedIn(index, opened, await PageProbe.SignInAsync(Page));
    }

    /// <summary>Loops until <paramref name="stop"/>; each cycle ends back on the search page.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await RunOnceAsync(stop);
        }
    }

    /// <summary>One cycle; an error is counted and the page reloaded, as an operator would.</summary>
    public async Task RunOnceAsync(CancellationToken stop)
    {
        try
        {
            await CycleAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            samples.Error($"op{index + 1:000}: {e.Message.Split('\n')[0]}");
            await screenshots.SaveAsync(Page, "cycle");
            await RecoverAsync();
        }
    }

    private async Task CycleAsync(CancellationToken stop)
    {
        var target = own[random.Next(own.Count)];
        await ThinkAsync(stop);

        // Type the search; the last character's input event starts the timing, the results for the whole text end it.
        var search = Page.GetByTestId("search-input");
        var text = target.Query;
        await StepAsync("type the name → results", async () =>
        {
            await search.FocusAsync();
            await Page.Keyboard.TypeAsync(text[..^1], new KeyboardTypeOptions { Delay = options.TypeDelayMs });
            await PageProbe.ArmAsync(Page, "results", text);
            await Page.Keyboard.TypeAsync(text[^1..]);
            samples.Add(samples.Search, await PageProbe.WaitAsync(Page, "input", "search results"));
        });
        await ThinkAsync(stop);

        // Open the person (or the first result when the text found namesakes first and the person is further down).
        var row = Page.Locator($"[data-testid=search-result][data-resident-no='{target.ResidentNo}']");
        var residentNo = target.ResidentNo;
        if (await Page.GetByTestId("search-result").CountAsync() == 0)
        {
            throw new TimeoutException($"no results for 「{text}」");
        }
        if (await row.CountAsync() == 0)
        {
            row = Page.GetByTestId("search-result").First;
            residentNo = await row.GetAttributeAsync("data-resident-no") ?? throw new TimeoutException("no search result");
        }
        await StepAsync("open the resident page", async () =>
        {
            await PageProbe.ArmAsync(Page, "resident", residentNo);
            await row.Locator("td").First.ClickAsync();
            samples.Add(samples.Open, await PageProbe.WaitAsync(Page, "click", "resident page"));
        });
        await ThinkAsync(stop);

        var saved = false;
        if (++cycle % options.CallEvery == 0 && residentNo == target.ResidentNo)
        {
            if (!await RecordCallAsync(target, stop))
            {
                // A version conflict: the form stays open with the newer reports shown; the operator starts again.
                await Page.GotoAsync("/");
                await Page.GetByTestId("search-input").WaitForAsync();
                samples.CycleDone(saved: false);
                return;
            }
            saved = true;
        }

        // Back to the search, as the operator does for the next caller.
        await StepAsync("back to the search", async () =>
        {
            await PageProbe.ArmAsync(Page, "search");
            await Page.Locator(".resident-page .actions a[href='/']").ClickAsync();
            samples.Add(samples.Back, await PageProbe.WaitAsync(Page, "click", "search page"));
        });
        samples.CycleDone(saved);
    }

    /// <summary>
    /// The call form for the person and one household member: 要件 安否報告, both 無事 (避難先 不明), 保存. False when the
    /// form refused the save because someone else recorded for them after it opened (a version conflict: counted apart
    /// from errors, since it is the product working).
    /// </summary>
    private async Task<bool> RecordCallAsync(Target target, CancellationToken stop)
    {
        await StepAsync("open the call form", async () =>
        {
            await PageProbe.ArmAsync(Page, "callForm", target.ResidentNo);
            await Page.GetByTestId("record-call").ClickAsync();
            await PageProbe.WaitAsync(Page, "click", "call form");
        });
        await StepAsync("type the caller's name", () => Page.GetByTestId("caller-name").FillAsync("安否 確認"));
        await StepAsync("choose 要件", () => Page.GetByTestId("wrap-up").GetByRole(AriaRole.Radio, new() { Name = "安否報告" }).ClickAsync());
        await StepAsync("mark a second member", () => Page.GetByTestId("member-" + target.OtherMemberNo).GetByTestId("member-check").ClickAsync());
        foreach (var no in new[] { target.ResidentNo, target.OtherMemberNo })
        {
            // 無事 needs a 避難先種別: 不明 when the caller cannot say.
            await StepAsync("choose 安否", () => ChooseAsync(Page.GetByTestId("member-" + no).GetByTestId("status"), "無事"));
            await StepAsync("choose 避難先種別", () => ChooseAsync(Page.GetByTestId("member-" + no).GetByTestId("whereabouts-type"), "不明"));
        }
        await ThinkAsync(stop);
        // Saved: the form goes back to the person's page, 「記録しました」 on top. (The snackbar alone is no marker: the
        // same message still showing from the call before is not shown twice.)
        try
        {
            double ms = 0;
            await StepAsync("save → the person's page", async () =>
            {
                await PageProbe.ArmAsync(Page, "saved", target.ResidentNo);
                await Page.GetByTestId("save").ClickAsync();
                ms = await PageProbe.WaitAsync(Page, "click", "save confirmation");
            });
            if (await Page.GetByTestId("newer-reports").CountAsync() > 0)
            {
                samples.Conflict($"op{index + 1:000}: {target.ResidentNo}");
                return false;
            }
            samples.Add(samples.Save, ms);
            return true;
        }
        catch (TimeoutException e)
        {
            // Say what the form said instead (a field error, newer reports by someone else).
            var said = await Page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('[data-testid=error-summary],[data-testid=member-error],[data-testid=reports-error],[data-testid=newer-reports],.mud-input-helper-text.mud-input-error')]
                        .map(e => e.textContent.trim()).filter(t => t).join(' / ')
                """);
            await screenshots.SaveAsync(Page, "save");
            throw new TimeoutException($"{e.Message}: {(said.Length > 0 ? said : "no message on the form")}");
        }
    }

    // The call form's lists are native selects whose options are valued by their labels.
    private static async Task ChooseAsync(ILocator select, string option)
    {
        await select.SelectOptionAsync(new SelectOptionValue { Label = option });
        await Assertions.Expect(select).ToHaveValueAsync(option);
    }

    /// <summary>After an error: a fresh start page (a new circuit), as an operator would reload.</summary>
    private async Task RecoverAsync()
    {
        try
        {
            await Page.GotoAsync("/");
            await Page.GetByTestId("search-input").WaitForAsync();
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            samples.Error($"op{index + 1:000}: reload failed: {e.Message.Split('\n')[0]}");
        }
    }

    private Task ThinkAsync(CancellationToken stop) =>
        Task.Delay(TimeSpan.FromMilliseconds(options.ThinkMs * (0.5 + random.NextDouble())), stop);
}
