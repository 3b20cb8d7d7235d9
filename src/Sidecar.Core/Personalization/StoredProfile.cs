namespace Sidecar.Personalization;

/// <summary>A profile as read with its concurrency token; <see cref="Found"/> false means none is stored yet.</summary>
public readonly record struct StoredProfile(ProfileState State, bool Found, long SeqNo, long PrimaryTerm);
