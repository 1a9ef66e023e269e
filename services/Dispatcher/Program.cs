using DaprChannels.Dispatcher;
using DaprChannels.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(DispatcherExtensions.AppId).AddDispatcher();
var app = builder.Build();
app.MapDefaultEndpoints().MapDispatcher();
app.Run();
