namespace DaprChannels.Ingress.Apis;

/// <summary>What every webhook route may answer, for the OpenAPI document: integration routes and app-level routes alike.</summary>
public static class WebhookRouteResponses
{
    public static RouteHandlerBuilder ProducesHandshakeResponses(this RouteHandlerBuilder route) => route
        .Produces<string>(StatusCodes.Status200OK, "text/plain")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static RouteHandlerBuilder ProducesDeliveryResponses(this RouteHandlerBuilder route) => route
        .Produces(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
