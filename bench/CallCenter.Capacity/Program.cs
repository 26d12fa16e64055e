using CallCenter.Capacity;

// The capacity benchmark: K real Chromium operators against the published app (bench/capacity.sh publishes it and
// passes --app). One run per K, each on a freshly started app; the markdown section goes to bench/results.md.
var options = CapacityOptions.Parse(args);
Console.WriteLine($"capacity benchmark: operators {string.Join(", ", options.Operators)}, {options.Duration.TotalSeconds:0} s each, think {options.ThinkMs} ms; work folder {options.WorkFolder}");
if (!File.Exists(options.Chromium))
{
    Console.Error.WriteLine($"Chromium was not found at {options.Chromium}: apt-get install chromium fonts-noto-cjk (or set CALLCENTER_CHROMIUM).");
    return 1;
}

await using var app = new AppServer(options);
// --steps: one operator, so one account.
var accounts = options.Steps > 0 ? 1 : options.Operators.Max();
Console.WriteLine($"seeding the demo town and {accounts} operator accounts into {app.Database}");
await app.PrepareAsync(accounts);
var targets = await Targets.LoadAsync(app.Database, accounts);

if (options.Steps > 0)
{
    var steps = await new CapacityRun(options, app, targets).ProfileStepsAsync(options.Steps);
    CapacityReport.Write(options.Output, steps, CapacityReport.StepsStart, CapacityReport.StepsEnd);
    Console.WriteLine();
    Console.WriteLine(steps);
    Console.WriteLine($"written to {options.Output}");
    return 0;
}

var runs = new List<RunResult>();
foreach (var k in options.Operators)
{
    runs.Add(await new CapacityRun(options, app, targets).RunAsync(k));
}

var markdown = CapacityReport.Markdown(options, runs);
CapacityReport.Write(options.Output, markdown, options.IsFloor);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"written to {options.Output}");
return 0;
