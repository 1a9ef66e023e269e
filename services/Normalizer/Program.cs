using DaprChannels.Normalizer;
using DaprChannels.ServiceDefaults;

var app = WebApplication.CreateBuilder(args).AddServiceDefaults(NormalizerExtensions.AppId).AddNormalizer().Build();
app.MapDefaultEndpoints().MapNormalizer();
app.Run();
