using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace DaprChannels.TestSupport.Dapr;

/// <summary>
/// The RPCs of daprd's <c>dapr.proto.runtime.v1.Dapr</c> service that this app calls, with Dapr.Protos' messages.
/// Dapr.Protos ships only the client side of that service, so the methods are bound here from its service
/// descriptor (names and message types checked against it); every other method of the service, and every other
/// service (the SDK's reflection probe among them), answers <c>Unimplemented</c> as Grpc.AspNetCore does.
/// Failures are shaped as daprd shapes them (pkg/api/grpc): the status code, and an <c>ErrorInfo</c> detail whose
/// reason is Dapr's error code, in <c>grpc-status-details-bin</c>.
/// </summary>
[BindServiceMethod(typeof(DaprSidecarGrpcApi), nameof(BindService))]
// Not sealed, handlers virtual: Grpc.AspNetCore binds only virtual methods declared on the type that declares BindService.
public class DaprSidecarGrpcApi(DaprSidecarStub stub)
{
    private const string ApiTokenHeader = "dapr-api-token";

    public static void BindService(ServiceBinderBase binder, DaprSidecarGrpcApi? service)
    {
        // Grpc.AspNetCore finds the handler by the method's name on this type; the delegate is not used.
        Bind<GetStateRequest, GetStateResponse>(binder, nameof(GetState));
        Bind<GetBulkStateRequest, GetBulkStateResponse>(binder, nameof(GetBulkState));
        Bind<SaveStateRequest, Empty>(binder, nameof(SaveState));
        Bind<DeleteStateRequest, Empty>(binder, nameof(DeleteState));
        Bind<ExecuteStateTransactionRequest, Empty>(binder, nameof(ExecuteStateTransaction));
        Bind<PublishEventRequest, Empty>(binder, nameof(PublishEvent));
        Bind<BulkPublishRequest, BulkPublishResponse>(binder, nameof(BulkPublishEvent));
        Bind<BulkPublishRequest, BulkPublishResponse>(binder, nameof(BulkPublishEventAlpha1));
        Bind<GetSecretRequest, GetSecretResponse>(binder, nameof(GetSecret));
        Bind<GetMetadataRequest, GetMetadataResponse>(binder, nameof(GetMetadata));
    }

    // ---- state ----

    public virtual Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        Enter(request, context, "ERR_STATE_GET");
        RequireStateStore(request.StoreName);
        RequireKey(request.Key);
        var response = new GetStateResponse();
        if (stub.StateOf(request.StoreName).Get(request.Key) is { } found)
        {
            response.Data = ByteString.CopyFrom(found.Data);
            response.Etag = found.ETag;
        }

        return Task.FromResult(response);
    }

    public virtual Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        Enter(request, context, "ERR_STATE_BULK_GET");
        RequireStateStore(request.StoreName);
        var response = new GetBulkStateResponse();
        foreach (var key in request.Keys)
        {
            RequireKey(key);
            var item = new BulkStateItem { Key = key };
            if (stub.StateOf(request.StoreName).Get(key) is { } found)
            {
                item.Data = ByteString.CopyFrom(found.Data);
                item.Etag = found.ETag;
            }

            response.Items.Add(item);
        }

        return Task.FromResult(response);
    }

    public virtual Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        Enter(request, context, "ERR_STATE_SAVE");
        RequireStateStore(request.StoreName);
        foreach (var item in request.States)
        {
            if (item.Key.Length == 0)
            {
                throw Error(StatusCode.InvalidArgument, "state key cannot be empty", "ERR_STATE_SAVE");
            }

            RequireKey(item.Key);
            var refusal = stub.StateOf(request.StoreName).Set(ToSet(item));
            ThrowIfRefused(refusal, "ERR_STATE_SAVE", $"failed saving state in state store {request.StoreName}");
        }

        return Task.FromResult(new Empty());
    }

    public virtual Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        Enter(request, context, "ERR_STATE_DELETE");
        RequireStateStore(request.StoreName);
        RequireKey(request.Key);
        var refusal = stub.StateOf(request.StoreName).Delete(request.Key, request.Etag?.Value);
        ThrowIfRefused(refusal, "ERR_STATE_DELETE", $"failed deleting state with key {request.Key}");
        return Task.FromResult(new Empty());
    }

    public virtual Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        Enter(request, context, "ERR_STATE_TRANSACTION");
        RequireStateStore(request.StoreName);
        var operations = new List<object>();
        foreach (var operation in request.Operations)
        {
            RequireKey(operation.Request.Key);
            operations.Add(operation.OperationType switch
            {
                "upsert" => ToSet(operation.Request),
                "delete" => new RedisStateModel.DeleteRequest(operation.Request.Key, operation.Request.Etag?.Value),
                _ => throw Error(StatusCode.Unimplemented, $"operation type {operation.OperationType} not supported", "ERR_NOT_SUPPORTED_STATE_OPERATION"),
            });
        }

        // daprd reports whatever the store's Multi returns, a mismatch included, as one Internal error.
        if (stub.StateOf(request.StoreName).Multi(operations) != StateRefusal.None)
        {
            throw Error(StatusCode.Internal, "error while executing state transaction: failed to set key", "ERR_STATE_TRANSACTION");
        }

        return Task.FromResult(new Empty());
    }

    // ---- pub/sub ----

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        Enter(request, context, "DAPR_PUBSUB_PUBLISH_MESSAGE");
        RequirePubSub(request.PubsubName);
        var cloudEvent = ToCloudEvent(request.Data.ToByteArray(), request.DataContentType, request.PubsubName, request.Topic, context)
                         ?? throw Error(StatusCode.InvalidArgument, "error when unmarshalling the CloudEvent", "DAPR_PUBSUB_CLOUD_EVENT_CREATION");
        if (stub.RejectPublish?.Invoke(cloudEvent) == true)
        {
            throw Error(StatusCode.Internal, $"error when publishing to topic {request.Topic} in pubsub {request.PubsubName}: broker refused the message",
                "DAPR_PUBSUB_PUBLISH_MESSAGE");
        }

        stub.Accept(new PublishedCloudEvent(request.PubsubName, request.Topic, cloudEvent));
        return Task.FromResult(new Empty());
    }

    public virtual Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context) =>
        BulkPublish(request, context);

    public virtual Task<BulkPublishResponse> BulkPublishEventAlpha1(BulkPublishRequest request, ServerCallContext context) =>
        BulkPublish(request, context);

    private Task<BulkPublishResponse> BulkPublish(BulkPublishRequest request, ServerCallContext context)
    {
        Enter(request, context, "DAPR_PUBSUB_PUBLISH_MESSAGE");
        RequirePubSub(request.PubsubName);
        if (request.Entries.Select(e => e.EntryId).Distinct().Count() != request.Entries.Count || request.Entries.Any(e => e.EntryId.Length == 0))
        {
            throw Error(StatusCode.InvalidArgument, "entryId is duplicated or not present for entry", "DAPR_PUBSUB_EVENTS_SER");
        }

        var response = new BulkPublishResponse();
        foreach (var entry in request.Entries)
        {
            var cloudEvent = ToCloudEvent(entry.Event.ToByteArray(), entry.ContentType, request.PubsubName, request.Topic, context);
            if (cloudEvent is null || stub.RejectPublish?.Invoke(cloudEvent.Value) == true)
            {
                response.FailedEntries.Add(new BulkPublishResponseFailedEntry { EntryId = entry.EntryId, Error = "broker refused the message" });
                continue;
            }

            stub.Accept(new PublishedCloudEvent(request.PubsubName, request.Topic, cloudEvent.Value));
        }

        return Task.FromResult(response);
    }

    /// <summary>
    /// What daprd makes of a published body: a CloudEvent kept as sent (components-contrib's FromCloudEvent adds
    /// topic, pubsub name, a time, and its own trace context only where the event has no <c>traceid</c>), anything
    /// else wrapped in a new envelope with a fresh id.
    /// </summary>
    private static JsonElement? ToCloudEvent(byte[] body, string contentType, string pubsub, string topic, ServerCallContext context)
    {
        var traceParent = context.RequestHeaders.GetValue("traceparent") ?? "";
        JsonObject envelope;
        if (contentType.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (JsonNode.Parse(body) is not JsonObject given)
                {
                    return null;
                }

                envelope = given;
            }
            catch (JsonException)
            {
                return null;
            }

            envelope["time"] ??= DateTimeOffset.UtcNow.ToString("O");
            if (envelope["traceid"] is null)
            {
                envelope["traceid"] = traceParent;
                envelope["traceparent"] = traceParent;
            }

            envelope["source"] ??= "Dapr";
            envelope["type"] ??= "com.dapr.event.sent";
            envelope["specversion"] ??= "1.0";
            envelope["datacontenttype"] ??= "application/json";
        }
        else
        {
            var isJson = contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
            envelope = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["source"] = "Dapr",
                ["type"] = "com.dapr.event.sent",
                ["specversion"] = "1.0",
                ["datacontenttype"] = string.IsNullOrEmpty(contentType) ? "text/plain" : contentType,
                ["traceid"] = traceParent,
                ["traceparent"] = traceParent,
                ["time"] = DateTimeOffset.UtcNow.ToString("O"),
            };
            if (isJson)
            {
                envelope["data"] = JsonNode.Parse(body);
            }
            else
            {
                envelope["data_base64"] = Convert.ToBase64String(body);
            }
        }

        envelope["topic"] = topic;
        envelope["pubsubname"] = pubsub;
        return JsonSerializer.SerializeToElement(envelope);
    }

    // ---- secrets, metadata ----

    public virtual Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context)
    {
        Enter(request, context, null);
        if (!stub.SecretStoreNames.Contains(request.StoreName))
        {
            // messages.ErrSecretStoreNotFound: a plain status, no ErrorInfo.
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"failed finding secret store with key {request.StoreName}"));
        }

        // messages.ErrSecretGet wraps whatever the store said, "not found" and outages alike.
        var prefix = $"failed getting secret with key {request.Key} from secret store {request.StoreName}: ";
        if (stub.SecretStoreFailure is { } failure)
        {
            throw new RpcException(new Status(StatusCode.Internal, prefix + failure));
        }

        if (!stub.Secrets.TryGetValue(request.Key, out var values))
        {
            throw new RpcException(new Status(StatusCode.Internal, prefix + $"secret {request.Key} not found"));
        }

        var response = new GetSecretResponse();
        response.Data.Add(values);
        return Task.FromResult(response);
    }

    public virtual Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context)
    {
        Enter(request, context, null);
        var response = new GetMetadataResponse { Id = stub.AppId, RuntimeVersion = "1.19.1-stub" };
        response.ExtendedMetadata.Add("daprRuntimeVersion", "1.19.1-stub");
        foreach (var name in stub.PubSubNames)
        {
            response.RegisteredComponents.Add(new RegisteredComponents { Name = name, Type = "pubsub.in-memory", Version = "v1" });
        }

        foreach (var name in stub.StateStoreNames)
        {
            response.RegisteredComponents.Add(new RegisteredComponents
            {
                Name = name, Type = "state.redis", Version = "v1", Capabilities = { "ETAG", "TRANSACTIONAL", "TTL" },
            });
        }

        foreach (var name in stub.SecretStoreNames)
        {
            response.RegisteredComponents.Add(new RegisteredComponents { Name = name, Type = "secretstores.local.file", Version = "v1" });
        }

        return Task.FromResult(response);
    }

    // ---- plumbing ----

    /// <summary>Records the call, then answers as daprd would for a wrong token or an injected component failure.</summary>
    private void Enter(IMessage request, ServerCallContext context, string? failureCode)
    {
        var headers = context.RequestHeaders.Where(h => !h.IsBinary).GroupBy(h => h.Key)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        stub.Record(new RecordedDaprRequest(context.Method.Split('/').Last(), context.Method, headers, request.Descriptor.Parser.ParseFrom(request.ToByteArray()), request.ToByteArray()));

        if (stub.ApiToken is { } expected && (!headers.TryGetValue(ApiTokenHeader, out var presented) || presented != expected))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        }

        if (stub.TakeInjectedFailure())
        {
            throw failureCode is null
                ? new RpcException(new Status(StatusCode.Internal, "failure injected by the test"))
                : Error(StatusCode.Internal, "failure injected by the test", failureCode);
        }
    }

    private void RequireStateStore(string name)
    {
        if (!stub.StateStoreNames.Contains(name))
        {
            throw Error(StatusCode.InvalidArgument, $"state store {name} is not found", "DAPR_STATE_NOT_FOUND");
        }
    }

    private void RequirePubSub(string name)
    {
        if (!stub.PubSubNames.Contains(name))
        {
            throw Error(StatusCode.InvalidArgument, $"pubsub {name} is not found", "DAPR_PUBSUB_NOT_FOUND");
        }
    }

    /// <summary>daprd prefixes keys with the app id and "||", and refuses a key that already holds it (a plain error: Unknown).</summary>
    private static void RequireKey(string key)
    {
        if (key.Contains("||", StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unknown, $"input key/keyPrefix '{key}' can't contain '||'"));
        }
    }

    private static RedisStateModel.SetRequest ToSet(StateItem item) => new(
        item.Key,
        item.Value.ToByteArray(),
        item.Etag?.Value,
        item.Options?.Concurrency == StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite,
        item.Options?.Concurrency == StateOptions.Types.StateConcurrency.ConcurrencyLastWrite,
        item.Metadata.TryGetValue("ttlInSeconds", out var ttl) ? ttl : null);

    private static void ThrowIfRefused(StateRefusal refusal, string errorCode, string message)
    {
        switch (refusal)
        {
            case StateRefusal.None:
                return;
            case StateRefusal.ETagMismatch:
                throw Error(StatusCode.Aborted, message + ": possible etag mismatch. error from state store", errorCode);
            case StateRefusal.ETagInvalid:
                throw Error(StatusCode.InvalidArgument, message + ": invalid etag value", errorCode);
            default:
                throw Error(StatusCode.Internal, message + ": failed to set key", errorCode);
        }
    }

    private static RpcException Error(StatusCode code, string message, string reason)
    {
        var details = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(new ErrorInfo { Reason = reason, Domain = "dapr.io" }) },
        };
        return new RpcException(new Status(code, message), new Metadata { { "grpc-status-details-bin", details.ToByteArray() } });
    }

    private static void Bind<TRequest, TResponse>(ServiceBinderBase binder, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var descriptor = global::Dapr.Client.Autogen.Grpc.v1.Dapr.Descriptor.FindMethodByName(name)
                         ?? throw new InvalidOperationException($"Dapr.Protos has no method {name}.");
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new InvalidOperationException($"{name} takes {descriptor.InputType.ClrType.Name} and returns {descriptor.OutputType.ClrType.Name}.");
        }

        var method = new Method<TRequest, TResponse>(MethodType.Unary, descriptor.Service.FullName, name, MarshallerOf<TRequest>(), MarshallerOf<TResponse>());
        binder.AddMethod(method, (UnaryServerMethod<TRequest, TResponse>)null!);
    }

    private static Marshaller<T> MarshallerOf<T>() where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom);
    }
}
