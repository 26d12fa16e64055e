namespace CallCenter.Data.Demo;

/// <summary>Seeds the demo town (placeholder until the generator lands).</summary>
public sealed class DemoTownSeeder
{
}
