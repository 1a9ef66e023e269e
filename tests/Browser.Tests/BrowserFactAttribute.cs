namespace DaprChannels.Browser.Tests;

/// <summary>
/// A test that drives Debian's chromium. Where the browser is not installed the test is reported
/// as skipped with the reason, so a machine without it neither fails nor passes on nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumBrowser.ExecutablePath))
        {
            Skip = $"{ChromiumBrowser.ExecutablePath} is not installed (apt-get install -y chromium); the browser tests need it.";
        }
    }
}
