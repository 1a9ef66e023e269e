using DaprChannels.BotResponder;
using DaprChannels.Dispatcher;
using DaprChannels.Ingress;
using DaprChannels.IntegrationAdmin;
using DaprChannels.Normalizer;
using DaprChannels.ServiceDefaults;

namespace DaprChannels.AllInOne;

/// <summary>All five services in one process on one port; embedded building blocks unless a sidecar is announced.</summary>
public static class Program
{
    public const string DefaultUrl = "http://localhost:8080";

    public static void Main(string[] args) => Build(args).Run();

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot() });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceDefaults("daprchannels");
        builder.AddIngress().AddNormalizer().AddBotResponder().AddDispatcher().AddIntegrationAdmin();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngress().MapNormalizer().MapBotResponder().MapDispatcher().MapIntegrationAdmin();
        return app;
    }

    /// <summary>
    /// The working directory when it holds the settings (<c>dotnet run</c>, containers), else the
    /// folder of the build, so the host finds its appsettings however it is started.
    /// </summary>
    private static string ContentRoot() =>
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? Directory.GetCurrentDirectory() : AppContext.BaseDirectory;
}
