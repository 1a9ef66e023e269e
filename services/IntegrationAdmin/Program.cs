using DaprChannels.IntegrationAdmin;
using DaprChannels.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(IntegrationAdminExtensions.AppId).AddIntegrationAdmin();
var app = builder.Build();
app.MapDefaultEndpoints().MapIntegrationAdmin();
app.Run();
