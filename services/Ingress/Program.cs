using DaprChannels.Ingress;
using DaprChannels.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(IngressExtensions.AppId).AddIngress();
var app = builder.Build();
app.MapDefaultEndpoints().MapIngress();
app.Run();
