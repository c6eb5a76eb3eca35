# kms-srv: run in an elevated PowerShell session.

# --- KMS host kms1.example.test: run on that host only ---
# DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
if (-not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform')) { New-Item -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' | Out-Null }
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'DnsDomainPublishList' -PropertyType MultiString -Value @('example.test, 0, 60', 'branch.example.test, 10, 0') -Force | Out-Null
# Restart the Software Protection service (sppsvc) so it reads the new values.
Restart-Service -Name sppsvc

# --- KMS host kms2.example.test: run on that host only ---
# DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
if (-not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform')) { New-Item -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' | Out-Null }
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'DnsDomainPublishList' -PropertyType MultiString -Value @('example.test, 0, 40') -Force | Out-Null
# Restart the Software Protection service (sppsvc) so it reads the new values.
Restart-Service -Name sppsvc

# --- KMS host kms3.branch.example.test: run on that host only ---
# DnsDomainPublishList names the host's own domain too: Microsoft's registry reference says the home domain is always used, its deployment guide that setting the list suspends publishing there.
if (-not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform')) { New-Item -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' | Out-Null }
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'DnsDomainPublishList' -PropertyType MultiString -Value @('branch.example.test, 0, 100', 'example.test, 10, 0') -Force | Out-Null
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'KeyManagementServiceListeningPort' -PropertyType String -Value '1689' -Force | Out-Null
# Restart the Software Protection service (sppsvc) so it reads the new values.
Restart-Service -Name sppsvc

# --- DNS records: run on the Microsoft DNS server (DnsServer module) ---
# Each publish domain is taken as its own zone; adjust -ZoneName and -Name when it lives in a parent zone.
# publishing is "auto": the hosts register these SRV records themselves; run this part only to create them by hand.
Add-DnsServerResourceRecord -ZoneName 'example.test' -Name '_vlmcs._tcp' -Srv -DomainName 'kms1.example.test.' -Priority 0 -Weight 60 -Port 1688 -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'branch.example.test' -Name '_vlmcs._tcp' -Srv -DomainName 'kms1.example.test.' -Priority 10 -Weight 0 -Port 1688 -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'example.test' -Name 'kms1' -A -IPv4Address '192.0.2.11' -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'example.test' -Name 'kms1' -AAAA -IPv6Address '2001:db8::11' -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'example.test' -Name '_vlmcs._tcp' -Srv -DomainName 'kms2.example.test.' -Priority 0 -Weight 40 -Port 1688 -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'example.test' -Name 'kms2' -A -IPv4Address '192.0.2.12' -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'branch.example.test' -Name '_vlmcs._tcp' -Srv -DomainName 'kms3.branch.example.test.' -Priority 0 -Weight 100 -Port 1689 -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'example.test' -Name '_vlmcs._tcp' -Srv -DomainName 'kms3.branch.example.test.' -Priority 10 -Weight 0 -Port 1689 -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'branch.example.test' -Name 'kms3' -A -IPv4Address '198.51.100.13' -TimeToLive ([TimeSpan]::FromSeconds(3600))
Add-DnsServerResourceRecord -ZoneName 'branch.example.test' -Name 'kms3' -AAAA -IPv6Address '2001:db8:100::13' -TimeToLive ([TimeSpan]::FromSeconds(3600))
