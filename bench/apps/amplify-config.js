// Amplify JS v6 pointed at the bench's local pool (the same pool and app client as dev/pool.toml).
// The endpoint is written in at build time by bench/run (VITE_POOL_ENDPOINT).
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
