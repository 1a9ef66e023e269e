using DaprChannels.Dispatcher;
using DaprChannels.ServiceDefaults;

var app = WebApplication.CreateBuilder(args).AddServiceDefaults(DispatcherExtensions.AppId).AddDispatcher().Build();
app.MapDefaultEndpoints().MapDispatcher();
app.Run();
