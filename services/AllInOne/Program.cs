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
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddServiceDefaults("daprchannels");
        builder.AddIngress().AddNormalizer().AddBotResponder().AddDispatcher().AddIntegrationAdmin();
        var app = builder.Build();
        app.MapIngress().MapNormalizer().MapBotResponder().MapDispatcher().MapIntegrationAdmin();
        return app;
    }
}
