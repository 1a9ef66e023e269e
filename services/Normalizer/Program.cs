using DaprChannels.Normalizer;
using DaprChannels.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(NormalizerExtensions.AppId).AddNormalizer();
var app = builder.Build();
app.MapDefaultEndpoints().MapNormalizer();
app.Run();
