#!/bin/sh
# Registers the two Entra applications the portal needs (docs/entra-app.md explains each step):
#   1. the API: app roles Secretariat and Addressee, Application ID URI api://<clientId>, scope access_as_user;
#   2. the portal pages (SPA, MSAL): redirect URI = the static web app, permission to call the API.
# Then stores the ids in the azd environment so `azd up` passes them to main.bicep.
# Usage: infra/scripts/entra-app.sh [display-name-prefix] [portal-url]
# Needs: az CLI signed in (az login) as someone allowed to register applications; azd (optional).
set -eu

prefix="${1:-ResponsePortal}"
portal_url="${2:-${AZURE_STATIC_WEB_APP_URL:-http://localhost:7071}}"

new_id() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen; }

secretariat_role_id=$(new_id)
addressee_role_id=$(new_id)
scope_id=$(new_id)

echo "Creating the API application '$prefix API'..."
api_app_id=$(az ad app create --display-name "$prefix API" --sign-in-audience AzureADMyOrg --query appId --output tsv)
api_object_id=$(az ad app show --id "$api_app_id" --query id --output tsv)

az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$api_object_id" \
  --headers 'Content-Type=application/json' --body "{
  \"identifierUris\": [\"api://$api_app_id\"],
  \"appRoles\": [
    {\"id\": \"$secretariat_role_id\", \"value\": \"Secretariat\", \"displayName\": \"Secretariat\",
     \"description\": \"Registers communications, watches deadlines, decides on confidentiality, republishes.\",
     \"allowedMemberTypes\": [\"User\"], \"isEnabled\": true},
    {\"id\": \"$addressee_role_id\", \"value\": \"Addressee\", \"displayName\": \"Addressee\",
     \"description\": \"Member of an addressee (State or company): sees its own letters and uploads replies.\",
     \"allowedMemberTypes\": [\"User\"], \"isEnabled\": true}
  ],
  \"api\": {
    \"oauth2PermissionScopes\": [
      {\"id\": \"$scope_id\", \"value\": \"access_as_user\", \"type\": \"User\", \"isEnabled\": true,
       \"adminConsentDisplayName\": \"Use the Response Portal\",
       \"adminConsentDescription\": \"Lets the portal pages call the Response Portal API as the signed-in user.\",
       \"userConsentDisplayName\": \"Use the Response Portal\",
       \"userConsentDescription\": \"Lets the portal pages call the Response Portal API as you.\"}
    ]
  }
}"

# A service principal makes the app roles assignable in the tenant (Enterprise applications).
az ad sp create --id "$api_app_id" --output none
az ad sp update --id "$api_app_id" --set appRoleAssignmentRequired=true

echo "Creating the portal pages application '$prefix Portal' (SPA)..."
spa_app_id=$(az ad app create --display-name "$prefix Portal" --sign-in-audience AzureADMyOrg --query appId --output tsv)
spa_object_id=$(az ad app show --id "$spa_app_id" --query id --output tsv)

az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$spa_object_id" \
  --headers 'Content-Type=application/json' --body "{
  \"spa\": {\"redirectUris\": [\"$portal_url/\", \"http://localhost:7071/\"]},
  \"requiredResourceAccess\": [
    {\"resourceAppId\": \"$api_app_id\", \"resourceAccess\": [{\"id\": \"$scope_id\", \"type\": \"Scope\"}]}
  ]
}"
az ad sp create --id "$spa_app_id" --output none

# Pre-authorize the SPA so users are not asked to consent to the API.
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$api_object_id" \
  --headers 'Content-Type=application/json' --body "{
  \"api\": {\"preAuthorizedApplications\": [{\"appId\": \"$spa_app_id\", \"delegatedPermissionIds\": [\"$scope_id\"]}]}
}"

tenant_id=$(az account show --query tenantId --output tsv)

if command -v azd >/dev/null 2>&1; then
  azd env set ENTRA_TENANT_ID "$tenant_id"
  azd env set ENTRA_API_CLIENT_ID "$api_app_id"
  azd env set ENTRA_API_AUDIENCE "api://$api_app_id"
  azd env set ENTRA_PORTAL_CLIENT_ID "$spa_app_id"
fi

cat <<DONE

Registered.
  Tenant:                 $tenant_id
  API client id:          $api_app_id   (AzureAd__ClientId; audience api://$api_app_id)
  Portal (SPA) client id: $spa_app_id   (the portal pages' MSAL clientId; scope api://$api_app_id/access_as_user)

Next: assign people to the Secretariat or Addressee role (docs/entra-app.md, step 5).
DONE
