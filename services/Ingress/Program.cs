using DaprChannels.Ingress;
using DaprChannels.ServiceDefaults;

var app = WebApplication.CreateBuilder(args).AddServiceDefaults(IngressExtensions.AppId).AddIngress().Build();
app.MapDefaultEndpoints().MapIngress();
app.Run();
