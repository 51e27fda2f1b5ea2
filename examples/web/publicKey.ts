/** The public half of a throwaway key generated for this example; its private half was never kept.
 *  Set your own with `pulumi config set web:publicKey "$(cat ~/.ssh/id_ed25519.pub)"`. */
export const DEMO_PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID+Wx/cG42BzXPw9rTQIR+gRdJHzABtsvd2n08bXhvVZ web-demo";
