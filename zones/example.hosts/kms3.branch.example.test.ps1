# kms-srv: run in an elevated PowerShell session.

# --- KMS host kms3.branch.example.test: run on that host only ---
# publishing is "manual" for this host: DisableDnsPublishing=1 stops it registering _vlmcs._tcp itself; no DnsDomainPublishList is written, as the list only matters while the host publishes.
if (-not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform')) { New-Item -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' | Out-Null }
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'DisableDnsPublishing' -PropertyType DWord -Value 1 -Force | Out-Null
New-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' -Name 'KeyManagementServiceListeningPort' -PropertyType String -Value '1689' -Force | Out-Null
# Restart the Software Protection service (sppsvc) so it reads the new values.
if (Get-Service -Name sppsvc -ErrorAction SilentlyContinue) { Restart-Service -Name sppsvc } else { Write-Host 'kms-srv: no Software Protection service here; it reads the values when it starts.' }
