using DaprChannels.IntegrationAdmin;

var app = WebApplication.CreateBuilder(args).AddServiceDefaults(IntegrationAdminExtensions.AppId).AddIntegrationAdmin().Build();
app.MapDefaultEndpoints().MapIntegrationAdmin();
app.Run();
