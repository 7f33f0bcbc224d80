metadata description = 'Static Web App that serves the addressee and secretariat pages.'

@description('Name of the static web app.')
param name string

@description('Azure region (Static Web Apps run in a few regions only).')
param location string

@description('Tags for the resource (include azd-service-name).')
param tags object = {}

@description('Standard is needed to link a Functions backend.')
@allowed([
  'Free'
  'Standard'
])
param skuName string = 'Standard'

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    // azd deploys the files; no repository is connected.
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = site.name
output resourceId string = site.id
output defaultHostName string = site.properties.defaultHostname
