using Microsoft.Extensions.DependencyInjection;
using Sidecar.Configuration;
using Sidecar.Enrichment;
using Sidecar.Proxy;

namespace Sidecar.Personalization;

/// <summary>Registers personalization (events API, profile store and cache, lookup, maintenance) in the host.</summary>
public static class PersonalizationServices
{
    public static IServiceCollection AddPersonalization(this IServiceCollection services, SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cacheEntries = options.Personalization?.CacheEntries ?? new PersonalizationOptions().CacheEntries;
        services.AddSingleton(sp => new PersonalizationStore(sp.GetRequiredService<UpstreamClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ProfileCache(cacheEntries, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ItemCatalog(sp.GetRequiredService<PersonalizationStore>(), sp.GetService<ItemEmbeddingCache>()));
        services.AddSingleton<ProfileRepository>();
        services.AddSingleton<QueryDeleter>();
        services.AddSingleton<IngestGate>();
        services.AddSingleton<EventWriter>();
        services.AddSingleton<ProfileUpdater>();
        services.AddSingleton<ProfileLookup>();
        services.AddSingleton<UserErasure>();
        services.AddSingleton<PendingEventRecovery>();
        services.AddSingleton<RetentionPurge>();
        services.AddSingleton<EventsEndpoint>();
        services.AddSingleton<UsersEndpoint>();
        services.AddHostedService<PersonalizationMaintenance>();
        return services;
    }
}
