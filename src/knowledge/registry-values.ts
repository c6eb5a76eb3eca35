// Registry value names kms-srv reads that Microsoft's registry reference for volume activation does
// not list. They are names of WMI properties of SoftwareLicensingService; that a registry value of the
// same name holds the setting comes from third-party sources, so every place that uses one says so.

export const UNLISTED_VALUES = ['KeyManagementServiceLookupDomain', 'DisableKeyManagementServiceHostCaching'] as const;

export type UnlistedValue = (typeof UNLISTED_VALUES)[number];

/** The caveat in words, for output that relies on one of these values. */
export function unlistedValueNote(name: UnlistedValue): string {
  return `${name} is not in Microsoft's registry reference (it is a WMI property name; the registry value name comes from third-party sources)`;
}

/**
 * Microsoft's two pages disagree on the home domain once DnsDomainPublishList is set, so generated
 * lists name it themselves and the outputs and `explain` say why.
 */
export const HOME_DOMAIN_NOTE =
  "DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.";
