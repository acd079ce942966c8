// Amplify JS v6 pointed at the bench's local pool (the same pool and app client as dev/pool.toml).
// The endpoint is written in at build time by bench/run (VITE_POOL_ENDPOINT). With
// `userPoolEndpoint` set, every user-pool call goes to that URL instead of
// cognito-idp.<region>.amazonaws.com (amplify-js, @aws-amplify/auth
// src/providers/cognito/factories/createCognitoUserPoolEndpointResolver.ts); the region still
// comes from the pool id's prefix.
import { Amplify } from 'aws-amplify';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_LocalPool',
      userPoolClientId: 'localpoolgateappclient0001',
      userPoolEndpoint: import.meta.env.VITE_POOL_ENDPOINT,
    },
  },
});
